/// The rectangle of data a layer wants visible.
public struct DataBounds: Sendable, Equatable {
    /// Horizontal extent.
    public var x: ClosedRange<Double>
    /// Vertical extent.
    public var y: ClosedRange<Double>

    /// The bounds spanning `x` × `y`.
    public init(x: ClosedRange<Double>, y: ClosedRange<Double>) {
        self.x = x
        self.y = y
    }

    /// The smallest bounds holding every finite point, or nil when there is none.
    public init?(points: [PlotPoint]) {
        let finite = points.filter(\.isFinite)
        guard let first = finite.first else { return nil }
        var bounds = DataBounds(x: first.x...first.x, y: first.y...first.y)
        for p in finite.dropFirst() { bounds.include(p) }
        self = bounds
    }

    /// Grows the bounds to hold `p`.
    public mutating func include(_ p: PlotPoint) {
        x = Swift.min(x.lowerBound, p.x)...Swift.max(x.upperBound, p.x)
        y = Swift.min(y.lowerBound, p.y)...Swift.max(y.upperBound, p.y)
    }

    /// The smallest bounds holding both.
    public func union(_ other: DataBounds) -> DataBounds {
        DataBounds(x: Swift.min(x.lowerBound, other.x.lowerBound)...Swift.max(x.upperBound, other.x.upperBound),
                   y: Swift.min(y.lowerBound, other.y.lowerBound)...Swift.max(y.upperBound, other.y.upperBound))
    }
}
