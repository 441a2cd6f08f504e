import Foundation

/// Checks the reverse-mode gradient of `f` at `x` against finite differences.
///
/// Away from kinks: central differences with a per-coordinate step hᵢ = ∛ε · max(1, |xᵢ|)
/// (if a coordinate fails, the step is shrunk twice by 100, in case a kink lies within it). The
/// error that rounding f alone causes in a difference quotient (2ε·|f| / hᵢ) is forgiven.
/// At a kink: forward and backward differences (Richardson-extrapolated) against the exact
/// one-sided derivatives, and the AD gradient against the subdifferential — so |x| or ReLU at 0
/// pass, while a gradient that is not a subgradient (relu(x) − relu(−x) at 0 gives 0, the function
/// is x) fails, as it should.
///
/// ```swift
/// struct Rosenbrock: ScalarFunction {
///     func callAsFunction<T: Scalar>(_ x: [T]) -> T {
///         let a = 1 - x[0], b = x[1] - x[0] * x[0]
///         return a * a + 100 * b * b
///     }
/// }
/// let check = try checkGradient(at: [0.5, -1], of: Rosenbrock())
/// check.ok                // true
/// check.maxRelativeError  // ~1e-10
/// ```
///
/// Throws `AutoDiffError.empty` or `.nonFinite` for a bad `x`, and whatever `f` throws.
public func checkGradient<F: ScalarFunction>(at x: [Double], of f: F, tolerance: Double = 1e-6) throws -> GradientCheck {
    if x.isEmpty { throw AutoDiffError.empty(what: "point") }
    try requireFinite(x, "point")
    let policy = KinkContext.currentPolicy
    let ((value, gradient), kinks) = try withKinkPolicy(policy) {
        try valueWithGradient(at: x) { try f($0) }
    }
    let plain = { (p: [Double]) throws -> Double in try f(p) }
    if let bad = gradient.indices.first(where: { !gradient[$0].isFinite }) {
        return GradientCheck(value: value, gradient: gradient, numericalGradient: [], maxAbsoluteError: .infinity,
                             maxRelativeError: .infinity, worstCoordinate: bad, ok: false, kinks: kinks,
                             leftDerivatives: nil, rightDerivatives: nil, subdifferential: nil,
                             note: "the AD gradient is not finite (\(formatNumber(gradient[bad])) at x[\(bad)]); "
                                 + "explainNonFinite(at:of:) says where it came from")
    }
    if kinks.isEmpty {
        return try centralCheck(x, value, gradient, plain, tolerance)
    }
    return try kinkCheck(x, value, gradient, kinks, f, plain, tolerance)
}

/// x with coordinate i moved by `step` (the step actually taken, so that x + h − x == h).
private func moved(_ x: [Double], _ i: Int, _ step: Double) -> (point: [Double], step: Double) {
    var p = x
    p[i] = x[i] + step
    return (p, p[i] - x[i])
}

/// The central difference (f(x + h eᵢ) − f(x − h eᵢ)) / 2h, with the error that rounding the two
/// values alone can cause (2ε·max|f| / h).
private func centralDifference(_ f: ([Double]) throws -> Double, _ x: [Double], _ i: Int, _ h: Double) rethrows
    -> (estimate: Double, roundoff: Double)
{
    let (up, step) = moved(x, i, h)
    var down = x
    down[i] = x[i] - step
    let (a, b) = (try f(up), try f(down))
    return ((a - b) / (2 * step), 2 * Double.ulpOfOne * Swift.max(Swift.abs(a), Swift.abs(b)) / step)
}

/// The one-sided difference along `sign`·eᵢ, Richardson-extrapolated: 2·D(h/2) − D(h), error O(h²).
/// Returns the derivative along +eᵢ (for sign −1, the left derivative).
private func oneSidedDifference(_ f: ([Double]) throws -> Double, _ x: [Double], _ fx: Double, _ i: Int,
                                _ sign: Double, _ h: Double) rethrows -> Double {
    let (far, h1) = moved(x, i, sign * h)
    let (near, h2) = moved(x, i, sign * h / 2)
    let d1 = (try f(far) - fx) / h1
    let d2 = (try f(near) - fx) / h2
    return 2 * d2 - d1
}

/// Absolute, relative and scaled error of one coordinate; `roundoff` (the error the difference
/// quotient cannot avoid) is forgiven in the scaled error, which decides pass or fail.
private func errors(_ ad: Double, _ fd: Double, roundoff: Double = 0) -> (absolute: Double, relative: Double, scaled: Double) {
    let absolute = Swift.abs(ad - fd)
    let size = Swift.max(Swift.abs(ad), Swift.abs(fd))
    let relative = size == 0 ? 0 : absolute / size
    return (absolute, relative, Swift.max(0, absolute - roundoff) / Swift.max(1, size))
}

/// The smooth case: central differences, retried with smaller steps for a failing coordinate.
private func centralCheck(_ x: [Double], _ value: Double, _ gradient: [Double],
                          _ f: ([Double]) throws -> Double, _ tolerance: Double) throws -> GradientCheck {
    var numerical: [Double] = []
    var maxAbsolute = 0.0, maxRelative = 0.0, worstScaled = -1.0
    var worst: Int?
    var shrunk: [Int] = []
    for i in x.indices {
        let base = cbrt(Double.ulpOfOne) * Swift.max(1, Swift.abs(x[i]))
        let first = try centralDifference(f, x, i, base)
        var fd = first.estimate
        var e = errors(gradient[i], fd, roundoff: first.roundoff)
        for factor in [1e-2, 1e-4] where !(e.scaled <= tolerance) {
            let retry = try centralDifference(f, x, i, base * factor)
            let r = errors(gradient[i], retry.estimate, roundoff: retry.roundoff)
            if r.scaled <= tolerance { fd = retry.estimate; e = r; shrunk.append(i) }
        }
        numerical.append(fd)
        maxAbsolute = Swift.max(maxAbsolute, e.absolute.isNaN ? .infinity : e.absolute)
        maxRelative = Swift.max(maxRelative, e.relative.isNaN ? .infinity : e.relative)
        if !(e.scaled <= worstScaled) { worstScaled = e.scaled.isNaN ? .infinity : e.scaled; worst = i }
    }
    let ok = worstScaled <= tolerance
    var note = ok ? "AD agrees with central differences" : "AD disagrees with central differences at x[\(worst ?? 0)]"
        + " (AD \(formatNumber(gradient[worst ?? 0])), finite differences \(formatNumber(numerical[worst ?? 0])))"
    if !shrunk.isEmpty {
        note += "; a kink or jump lies within the step along "
            + shrunk.map { "x[\($0)]" }.joined(separator: ", ") + ", smaller steps used"
    }
    return GradientCheck(value: value, gradient: gradient, numericalGradient: numerical,
                         maxAbsoluteError: maxAbsolute, maxRelativeError: maxRelative, worstCoordinate: worst,
                         ok: ok, kinks: [], leftDerivatives: nil, rightDerivatives: nil, subdifferential: nil,
                         note: note)
}

/// The kink case: one-sided differences against exact one-sided derivatives, and the AD gradient
/// against the subdifferential.
private func kinkCheck<F: ScalarFunction>(_ x: [Double], _ value: Double, _ gradient: [Double], _ kinks: [KinkHit],
                                          _ f: F, _ plain: ([Double]) throws -> Double,
                                          _ tolerance: Double) throws -> GradientCheck {
    var left: [Double] = [], right: [Double] = [], numerical: [Double] = []
    var maxAbsolute = 0.0, maxRelative = 0.0, worstScaled = -1.0
    var worst: Int?
    for i in x.indices {
        let unit = x.indices.map { $0 == i ? 1.0 : 0 }
        let r = try oneSidedDirectionalDerivative(at: x, along: unit) { try f($0) }
        let l = -(try oneSidedDirectionalDerivative(at: x, along: unit.map { -$0 }) { try f($0) })
        left.append(l)
        right.append(r)
        let h = 1e-5 * Swift.max(1, Swift.abs(x[i]))
        let forward = try oneSidedDifference(plain, x, value, i, 1, h)
        let backward = try oneSidedDifference(plain, x, value, i, -1, h)
        numerical.append((forward + backward) / 2)
        for e in [errors(r, forward), errors(l, backward)] {
            maxAbsolute = Swift.max(maxAbsolute, e.absolute.isNaN ? .infinity : e.absolute)
            maxRelative = Swift.max(maxRelative, e.relative.isNaN ? .infinity : e.relative)
            if !(e.scaled <= worstScaled) { worstScaled = e.scaled.isNaN ? .infinity : e.scaled; worst = i }
        }
    }
    let sidesAgree = worstScaled <= tolerance
    var set: Subdifferential?
    var inSet: Bool
    if x.count <= 12 {
        let s = try subdifferential(at: x) { try f($0) }
        set = s
        let finite = s.extremePoints.allSatisfy { $0.allSatisfy(\.isFinite) }
        inSet = finite && !s.extremePoints.isEmpty && contains(s.extremePoints, gradient)
    } else {
        // Without the set, the necessary coordinate-wise test: each component between its one-sided derivatives.
        inSet = x.indices.allSatisfy { i in
            let slack = tolerance * Swift.max(1, Swift.abs(left[i]), Swift.abs(right[i]))
            return gradient[i] >= Swift.min(left[i], right[i]) - slack && gradient[i] <= Swift.max(left[i], right[i]) + slack
        }
    }
    let atKinks = "at a kink (" + kinks.prefix(3).map(\.description).joined(separator: ", ") + (kinks.count > 3 ? ", …" : "") + ")"
    var note: String
    if !sidesAgree {
        note = "\(atKinks): one-sided differences disagree with the exact one-sided derivatives at x[\(worst ?? 0)]"
    } else if !inSet {
        let where_ = set.map { "the subdifferential \($0)" } ?? "the one-sided derivative intervals"
        note = "\(atKinks): the AD gradient [\(gradient.map(formatNumber).joined(separator: ", "))] is not in \(where_)"
    } else if let set {
        note = "\(atKinks): one-sided differences match and the AD gradient lies in the subdifferential \(set)"
    } else {
        note = "\(atKinks): one-sided differences match and the AD gradient lies between the one-sided derivatives"
    }
    return GradientCheck(value: value, gradient: gradient, numericalGradient: numerical,
                         maxAbsoluteError: maxAbsolute, maxRelativeError: maxRelative, worstCoordinate: worst,
                         ok: sidesAgree && inSet, kinks: kinks, leftDerivatives: left, rightDerivatives: right,
                         subdifferential: set, note: note)
}

/// Whether `point` lies in the convex hull of `vertices` (within the hull test's tolerance).
private func contains(_ vertices: [[Double]], _ point: [Double]) -> Bool {
    if vertices.count == 1 { return nearlyEqual(vertices[0], point) || zip(vertices[0], point).allSatisfy { Swift.abs($0 - $1) <= 1e-9 * Swift.max(1, Swift.abs($0)) } }
    return isInConvexHull(point, of: vertices)
}
