/// A function of two variables sampled on a regular grid (row-major, rows along y).
public struct ScalarGrid: Sendable, Equatable {
    /// The x-interval covered.
    public let x: ClosedRange<Double>
    /// The y-interval covered.
    public let y: ClosedRange<Double>
    /// Samples per row (along x), at least 2.
    public let columns: Int
    /// Samples per column (along y), at least 2.
    public let rows: Int
    /// The samples: `values[row * columns + column]` is f at (xAt(column), yAt(row)).
    public let values: [Double]

    /// Samples `f` on `columns` × `rows` points of `x` × `y` (cost: columns·rows calls).
    public init(x: ClosedRange<Double>, y: ClosedRange<Double>, columns: Int = 81, rows: Int = 81,
                sampling f: (Double, Double) throws -> Double) rethrows {
        self.x = x
        self.y = y
        self.columns = Swift.max(2, columns)
        self.rows = Swift.max(2, rows)
        var values: [Double] = []
        values.reserveCapacity(self.columns * self.rows)
        for j in 0..<self.rows {
            for i in 0..<self.columns {
                values.append(try f(ScalarGrid.coordinate(i, self.columns, x), ScalarGrid.coordinate(j, self.rows, y)))
            }
        }
        self.values = values
    }

    /// The x-coordinate of column `i`.
    public func xAt(_ i: Int) -> Double { ScalarGrid.coordinate(i, columns, x) }
    /// The y-coordinate of row `j`.
    public func yAt(_ j: Int) -> Double { ScalarGrid.coordinate(j, rows, y) }
    /// The sample at column `i`, row `j`.
    public func value(_ i: Int, _ j: Int) -> Double { values[j * columns + i] }

    private static func coordinate(_ k: Int, _ count: Int, _ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * Double(k) / Double(count - 1)
    }
}
