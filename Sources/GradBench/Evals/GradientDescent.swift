import AutoDiff

/// The gradient-descent solver the saddle and particle evals prescribe (gradbench's `gd.hpp`):
/// step size η starts at 10⁻⁵, doubles after 10 accepted steps, halves after a rejected one; stop
/// when ‖∇f‖ ≤ 10⁻⁵ or a step would move less than 10⁻⁵ (or is no longer finite).
///
/// Generic over the scalar type so that an outer differentiation can differentiate through the
/// whole solve; decisions (stop, accept) look at primal values only, so the objective is evaluated
/// on the primal point alone (an outer differentiation records and carries only the steps).
///
/// Points are fixed-size (`InlineArray`, on the stack), and the solver is always inlined into its
/// caller, so that the objective and gradient closures are inlined too: a solve of a 2-D problem is
/// a tight loop with no allocation, no closure call and no copy-on-write check.
enum GradientDescent {
    /// The tolerance on the gradient norm and on the step length.
    static let tolerance = 1e-5

    /// A local minimizer of `objective` from `start`; `objective` takes the primal point (it only
    /// decides which steps are accepted), `gradient(x)` is ∇objective(x) in the scalar type `T`.
    @inline(__always)
    static func argmin<let n: Int, T: Scalar>(
        _ objective: (InlineArray<n, Double>) -> Double,
        gradient: (InlineArray<n, T>) -> InlineArray<n, T>,
        start: InlineArray<n, T>
    ) -> InlineArray<n, T> {
        var x = start
        var primalCandidate = InlineArray<n, Double> { start[$0].doubleValue }
        var fx = objective(primalCandidate)
        var gx = gradient(x)
        var accepted = 0
        var eta = 1e-5
        var candidate = x
        while true {
            if norm(gx) <= tolerance { return x }
            if accepted == 10 {
                eta *= 2
                accepted = 0
                continue
            }
            var moved = 0.0
            for j in 0..<n {
                candidate[j] = x[j] - T(eta) * gx[j]
                // On primal values: the step length decides, it is not differentiated.
                primalCandidate[j] = candidate[j].doubleValue
                let d = x[j].doubleValue - primalCandidate[j]
                moved += d * d
            }
            // A non-finite or vanished step can never be accepted: stop instead of halving forever.
            if moved.squareRoot() <= tolerance || !moved.isFinite || eta == 0 { return x }
            let fCandidate = objective(primalCandidate)
            if fCandidate < fx {
                x = candidate
                fx = fCandidate
                gx = gradient(x)
                accepted += 1
            } else {
                eta /= 2
                accepted = 0
            }
        }
    }

    /// A local maximizer: the minimizer of −objective.
    @inline(__always)
    static func argmax<let n: Int, T: Scalar>(
        _ objective: (InlineArray<n, Double>) -> Double,
        gradient: (InlineArray<n, T>) -> InlineArray<n, T>,
        start: InlineArray<n, T>
    ) -> InlineArray<n, T> {
        argmin({ -objective($0) }, gradient: { x in
            var g = gradient(x)
            for j in 0..<n { g[j] = -g[j] }
            return g
        }, start: start)
    }

    /// ‖v‖ on primal values.
    @inline(__always)
    private static func norm<let n: Int, T: Scalar>(_ v: InlineArray<n, T>) -> Double {
        var sum = 0.0
        for j in 0..<n { sum += v[j].doubleValue * v[j].doubleValue }
        return sum.squareRoot()
    }
}
