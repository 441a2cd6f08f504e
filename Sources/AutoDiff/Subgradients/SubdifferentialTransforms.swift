// The subdifferential transforms: exact one-variable intervals by one-sided derivatives, and
// set propagation for several variables.

/// The exact subdifferential of an ℝ → ℝ function at `x`: the interval between its left and right
/// derivatives, f′₋(x) = −f′(x; −1) and f′₊(x) = f′(x; 1), computed by two exact one-sided passes.
///
/// For compositions of the primitives (piecewise smooth functions) this interval is the Clarke
/// subdifferential, and a single point exactly when the function is differentiable:
///
/// ```swift
/// subdifferential(at: 0.0) { abs($0) }                      // [-1, 1]
/// subdifferential(at: 0.0) { relu($0) }                     // [0, 1]
/// subdifferential(at: 0.0) { x in max(x, 2 * x) }           // [1, 2]
/// subdifferential(at: 0.0) { x in relu(x) - relu(-x) }      // {1}, differentiable
/// ```
///
/// Where the function is not Lipschitz (√x at 0) the result is not exact and its `note` says where.
/// A non-finite `x` gives NaN ends (not exact).
public func subdifferential(at x: Double, of f: (OneSided) throws -> OneSided) rethrows -> Subdifferential {
    let right = try f(OneSided(x, slope: 1))
    let left = try f(OneSided(x, slope: -1))
    let high = right.slope
    let low = -left.slope
    if let note = right.note ?? left.note {
        return Subdifferential(extremePoints: [[low], [high]].filter { !$0[0].isNaN }, exact: false, note: note)
    }
    guard low.isFinite, high.isFinite else {
        return Subdifferential(extremePoints: [[low], [high]].filter { !$0[0].isNaN }, exact: false,
                               note: "the one-sided derivatives are not finite at \(formatNumber(x))")
    }
    return Subdifferential(extremePoints: [[low], [high]], exact: true)
}

/// The one-sided derivatives f′₋(x) = −f′(x; −1) and f′₊(x) = f′(x; 1) of an ℝ → ℝ function.
///
/// ```swift
/// oneSidedDerivatives(at: 0.0) { abs($0) }   // (left: -1, right: 1)
/// ```
public func oneSidedDerivatives(at x: Double, of f: (OneSided) throws -> OneSided) rethrows
    -> (left: Double, right: Double)
{
    (-(try f(OneSided(x, slope: -1)).slope), try f(OneSided(x, slope: 1)).slope)
}

/// The exact one-sided directional derivative f′(x; d) = lim_{t→0⁺} (f(x + t·d) − f(x)) / t of an
/// ℝⁿ → ℝ function, kinks included.
///
/// Throws `AutoDiffError.dimensionMismatch` when `x` and `d` differ in length.
public func oneSidedDirectionalDerivative(at x: [Double], along d: [Double],
                                          of f: ([OneSided]) throws -> OneSided) throws -> Double {
    try requireCount(d, x.count, "direction")
    return try f(zip(x, d).map { OneSided($0, slope: $1) }).slope
}

/// The subdifferential of an ℝⁿ → ℝ function at `x` by set propagation (see `SubgradientSet`),
/// returned as the extreme points of a convex set of gradients.
///
/// ```swift
/// try subdifferential(at: [1.0, 1.0]) { v in max(v[0], v[1]) }
/// // conv{[0, 1], [1, 0]}: the segment between the two unit vectors, exact
/// ```
///
/// When the set rules only bound the set, the function's exact one-sided (lexicographic)
/// derivatives along several bases are used to decide: they are elements of the subdifferential,
/// so if their hull fills the bound, the bound is exact. With one variable this always decides
/// (relu(x) − relu(−x) at 0 gives {1}). Otherwise the bound is returned with `exact == false`.
///
/// Throws `AutoDiffError.empty` for no inputs and `AutoDiffError.nonFinite` for a NaN or infinite one.
public func subdifferential(at x: [Double], of f: ([SubgradientSet]) throws -> SubgradientSet) throws
    -> Subdifferential
{
    if x.isEmpty { throw AutoDiffError.empty(what: "point") }
    try requireFinite(x, "point")
    let n = x.count
    let bases = ProbeBases(dimension: n)
    let y = try f(x.indices.map { SubgradientSet(variable: $0, value: x[$0], bases: bases) })
    let bound = y.vertices.map { padded($0, to: n) }
    if !y.lipschitz {
        return Subdifferential(extremePoints: bound, exact: false, note: y.note ?? "not Lipschitz at this point")
    }
    if y.exact { return Subdifferential(extremePoints: bound, exact: true) }
    let found = extremePoints(of: bases.gradients(from: y.probes), dimension: n)
    if n == 1, !found.isEmpty {
        return Subdifferential(extremePoints: found, exact: true,
                               note: "decided by one-sided derivatives; the set rules alone gave \(describe(bound))")
    }
    if !found.isEmpty, found.allSatisfy({ $0.allSatisfy(\.isFinite) }),
       bound.allSatisfy({ isInConvexHull($0, of: found) }) {
        return Subdifferential(extremePoints: bound, exact: true,
                               note: "decided by one-sided derivatives, which attain every vertex of the bound")
    }
    return Subdifferential(extremePoints: bound, exact: false,
                           note: "the set rules only bound the set here; it contains \(describe(found))")
}

/// `conv{[1, 0], [0, 1]}`.
private func describe(_ points: [[Double]]) -> String {
    "conv{" + points.map { "[" + $0.map(formatNumber).joined(separator: ", ") + "]" }.joined(separator: ", ") + "}"
}
