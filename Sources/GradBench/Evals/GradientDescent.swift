import AutoDiff

/// The gradient-descent solver the saddle and particle evals prescribe (gradbench's `gd.hpp`):
/// step size η starts at 10⁻⁵, doubles after 10 accepted steps, halves after a rejected one; stop
/// when ‖∇f‖ ≤ 10⁻⁵ or a step would move less than 10⁻⁵ (or is no longer finite).
///
/// Generic over the scalar type so that an outer differentiation can differentiate through the
/// whole solve; decisions (stop, accept) look at primal values only, so the objective is evaluated
/// on the primal point alone (an outer differentiation records and carries only the steps).
enum GradientDescent {
    /// The tolerance on the gradient norm and on the step length.
    static let tolerance = 1e-5

    /// A local minimizer of `objective` from `start`; `objective` takes the primal point (it only
    /// decides which steps are accepted), `gradient(x, &g)` writes ∇objective(x) into g.
    ///
    /// Allocates only the points it keeps (current, candidate, its primal, gradient): an accepted
    /// candidate is swapped in rather than copied.
    static func argmin<T: Scalar>(_ objective: ([Double]) -> Double, gradient: ([T], inout [T]) -> Void,
                                  start: [T]) -> [T] {
        var x = start
        var primalCandidate = start.map(\.doubleValue)
        var fx = objective(primalCandidate)
        var gx: [T] = []
        gradient(x, &gx)
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
            for j in x.indices {
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
                swap(&x, &candidate)
                fx = fCandidate
                gradient(x, &gx)
                accepted += 1
            } else {
                eta /= 2
                accepted = 0
            }
        }
    }

    /// A local maximizer: the minimizer of −objective.
    static func argmax<T: Scalar>(_ objective: ([Double]) -> Double, gradient: ([T], inout [T]) -> Void, start: [T]) -> [T] {
        argmin({ -objective($0) }, gradient: { x, g in
            gradient(x, &g)
            for j in g.indices { g[j] = -g[j] }
        }, start: start)
    }

    /// ‖v‖ on primal values.
    private static func norm<T: Scalar>(_ v: [T]) -> Double {
        v.reduce(0.0) { $0 + $1.doubleValue * $1.doubleValue }.squareRoot()
    }
}
