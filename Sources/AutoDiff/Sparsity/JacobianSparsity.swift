/// Which inputs each output of a function ℝⁿ → ℝᵐ depends on: the sparsity pattern of its
/// Jacobian, found by one evaluation on `DependencyTracer`s.
///
/// A sparse Jacobian needs fewer forward passes than it has columns: columns that share no row
/// can share a seed lane (`columnColoring()`), and each entry is read back from its column's lane
/// (`sparseJacobian(at:sparsity:coloring:width:of:)`).
///
/// ```swift
/// let pattern = try JacobianSparsity(at: [1, 2, 3]) { v in [v[0] * v[1], sin(v[2])] }
/// pattern.rows                      // [[0, 1], [2]]
/// pattern.columnColoring().count    // 2: column 2 shares a lane with column 0 or 1
/// ```
public struct JacobianSparsity: Equatable, Sendable {
    /// The number of inputs (columns).
    public let columnCount: Int
    /// For each output (row), the inputs it depends on, in increasing order.
    public let rows: [[Int]]

    /// A pattern given row by row; each row's columns must lie in `0..<columnCount`.
    public init(columnCount: Int, rows: [[Int]]) throws {
        for (r, row) in rows.enumerated() {
            if let column = row.first(where: { !(0..<columnCount).contains($0) }) {
                throw AutoDiffError.dimensionMismatch(what: "the column \(column) of sparsity row \(r) (columns)", expected: columnCount, actual: column + 1)
            }
        }
        self.columnCount = columnCount
        self.rows = rows.map { Array(Set($0)).sorted() }
    }

    /// The pattern of `f`'s Jacobian at `x`: `f` is evaluated once on tracers (at most
    /// `InputSet.capacity` inputs). Branches on values take the path they take at `x`.
    public init(at x: [Double], of f: ([DependencyTracer]) throws -> [DependencyTracer]) throws {
        if x.count > InputSet.capacity {
            throw AutoDiffError.tooLarge(what: "the input of a sparsity trace", limit: InputSet.capacity, actual: x.count)
        }
        let outputs = try f(x.enumerated().map { DependencyTracer($1, input: $0) })
        try self.init(columnCount: x.count, rows: outputs.map(\.inputs.members))
    }

    /// The number of entries that may be nonzero.
    public var nonzeroCount: Int { rows.reduce(0) { $0 + $1.count } }

    /// A coloring of the columns in which no two columns of one color share a row, by the greedy
    /// largest-degree-first rule: columns with the most neighbours (columns they share a row with)
    /// are colored first, each with the smallest color none of its colored neighbours has.
    public func columnColoring() -> ColumnColoring {
        // Neighbourhoods depend only on the distinct rows (a tall Jacobian repeats a few patterns).
        var neighbours = [Set<Int>](repeating: [], count: columnCount)
        for row in Set(rows) { for c in row { neighbours[c].formUnion(row) } }
        for c in 0..<columnCount { neighbours[c].remove(c) }
        let order = (0..<columnCount).sorted { (neighbours[$0].count, $1) > (neighbours[$1].count, $0) }
        var colors = [Int](repeating: -1, count: columnCount)
        for c in order {
            let taken = Set(neighbours[c].map { colors[$0] })
            colors[c] = (0...).first { !taken.contains($0) }!
        }
        return ColumnColoring(colors: colors)
    }
}

/// A color for each column of a Jacobian such that columns of one color share no row: all the
/// columns of a color can be seeded in one forward-mode lane.
public struct ColumnColoring: Equatable, Sendable {
    /// Each column's color, in `0..<count`.
    public let colors: [Int]
    /// The number of colors: forward-mode lanes the whole Jacobian needs.
    public var count: Int { (colors.max() ?? -1) + 1 }

    /// A coloring given column by column.
    public init(colors: [Int]) { self.colors = colors }

    /// Whether there is a color per column of `sparsity` and no two columns of one color share a row.
    public func isValid(for sparsity: JacobianSparsity) -> Bool {
        colors.count == sparsity.columnCount && firstConflict(in: sparsity) == nil
    }

    /// The first row of `sparsity` in which two columns have one color (`colors` must have a
    /// color per column), or nil.
    public func firstConflict(in sparsity: JacobianSparsity) -> Int? {
        sparsity.rows.firstIndex { row in Set(row.map { colors[$0] }).count != row.count }
    }
}

/// The m×n Jacobian of an ℝⁿ → ℝᵐ function whose sparsity is known, by compressed vector forward
/// mode: every column is seeded in the lane of its color, so ⌈colors / w⌉ passes replace ⌈n / w⌉,
/// and each entry (r, c) of the pattern is read from row r's tangent in column c's lane (it is the
/// only column of that color in row r). Entries outside the pattern are zero.
///
/// Equal to `forwardJacobian(at:width:of:)` when the pattern holds every nonzero: trace it with
/// `JacobianSparsity(at:of:)` at the same `x`.
public func sparseJacobian<Tangent: SIMD>(
    at x: [Double], sparsity: JacobianSparsity, coloring: ColumnColoring, width: Tangent.Type,
    of f: ([VectorDual<Tangent>]) throws -> [VectorDual<Tangent>]
) throws -> [[Double]] where Tangent.Scalar == Double {
    try requireCount(x, sparsity.columnCount, "the point of a sparse Jacobian (the pattern's columns)")
    try requireCount(coloring.colors, sparsity.columnCount, "the coloring (the pattern's columns)")
    if let row = coloring.firstConflict(in: sparsity) {
        throw AutoDiffError.invalid(what: "the coloring", reason: "gives two columns of row \(row) one color")
    }
    let lanes = Tangent.scalarCount
    var jacobian = sparsity.rows.map { _ in [Double](repeating: 0, count: x.count) }
    for firstColor in stride(from: 0, to: coloring.count, by: lanes) {
        let inputs = x.indices.map { j in
            let lane = coloring.colors[j] - firstColor
            guard (0..<lanes).contains(lane) else { return VectorDual<Tangent>(constant: x[j]) }
            return VectorDual(x[j], direction: lane)
        }
        let outputs = try f(inputs)
        try requireCount(outputs, sparsity.rows.count, "the outputs of the function (the pattern's rows)")
        for (r, row) in sparsity.rows.enumerated() {
            for c in row {
                let lane = coloring.colors[c] - firstColor
                if (0..<lanes).contains(lane) { jacobian[r][c] = outputs[r].tangent[lane] }
            }
        }
    }
    return jacobian
}
