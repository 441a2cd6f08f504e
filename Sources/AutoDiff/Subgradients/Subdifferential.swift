/// The (Clarke) subdifferential of a function at a point: the convex set of its generalized
/// gradients, given by the extreme points (vertices) of the set.
///
/// For a function of one variable the set is an interval: `[[low], [high]]`, or `[[g]]` where the
/// function is differentiable. For several variables each extreme point is a gradient-sized vector:
/// max(x, y) at x = y gives `[[0, 1], [1, 0]]`, the segment between (0, 1) and (1, 0).
///
/// ```swift
/// let s = subdifferential(at: 0.0) { abs($0) }
/// s.interval        // -1...1
/// s.differentiable  // false
/// ```
public struct Subdifferential: Sendable, Equatable, CustomStringConvertible {
    /// The vertices of the convex set, in canonical order (ascending in 1-D, counterclockwise in
    /// 2-D, lexicographic otherwise).
    public let extremePoints: [[Double]]
    /// Whether the set is exactly the subdifferential; `false` means it is a sound superset that the
    /// rules could not tighten (or, with a `note`, that the function is not Lipschitz there).
    public let exact: Bool
    /// Whether the function is (strictly) differentiable at the point: the set is exact and a single
    /// gradient.
    public let differentiable: Bool
    /// Why the set is not exact, or what else the caller should know; nil when there is nothing to say.
    public let note: String?

    /// A subdifferential from its vertices; the list is reduced to the extreme points of its convex
    /// hull and put in canonical order, so equal sets compare equal.
    public init(extremePoints: [[Double]], exact: Bool, note: String? = nil) {
        let dimension = extremePoints.map(\.count).max() ?? 0
        self.extremePoints = AutoDiff.extremePoints(of: extremePoints, dimension: dimension)
        self.exact = exact
        self.differentiable = exact && self.extremePoints.count == 1
            && self.extremePoints[0].allSatisfy(\.isFinite)
        self.note = note
    }

    /// For a function of one variable, the interval `low...high`; nil for several variables or
    /// when an end is NaN.
    public var interval: ClosedRange<Double>? {
        guard !extremePoints.isEmpty, extremePoints.allSatisfy({ $0.count == 1 }) else { return nil }
        let values = extremePoints.map { $0[0] }
        guard !values.contains(where: \.isNaN), let low = values.min(), let high = values.max() else { return nil }
        return low...high
    }

    /// The element of least norm (nil when a vertex is not finite): for a convex function,
    /// −(this) is the steepest-descent direction and 0 means the point is a minimiser.
    /// When `exact` is false it is the least-norm element of the bound, not of the true set.
    public var minimumNormElement: [Double]? {
        guard !extremePoints.isEmpty, extremePoints.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { return nil }
        return minimumNormPoint(of: extremePoints)
    }

    /// The gradient when the function is differentiable at the point, else nil.
    public var gradient: [Double]? { differentiable ? extremePoints.first : nil }

    /// `[-1, 1]` for an interval, `{[1, 0], [0, 1]}` (the hull of these) for several variables,
    /// followed by "(not exact: …)" when the set is only a bound.
    public var description: String {
        var text: String
        if let interval, interval.lowerBound != interval.upperBound {
            text = "[\(formatNumber(interval.lowerBound)), \(formatNumber(interval.upperBound))]"
        } else if extremePoints.count == 1, extremePoints[0].count == 1 {
            text = "{\(formatNumber(extremePoints[0][0]))}"
        } else {
            let points = extremePoints.map { "[" + $0.map(formatNumber).joined(separator: ", ") + "]" }
            text = extremePoints.count == 1 ? "{\(points[0])}" : "conv{\(points.joined(separator: ", "))}"
        }
        if !exact { text += " (not exact" + (note.map { ": \($0)" } ?? "") + ")" } else if let note { text += " (\(note))" }
        return text
    }
}
