import AutoDiff

/// The `ode` eval: s steps of classic Runge–Kutta on y₀′ = x₀, yᵢ′ = xᵢ yᵢ₋₁ over t ∈ [0, 2] from
/// y(0) = 0, and the gradient of the last component of y(2) with respect to x.
///
/// The `solve` below, generic over `Scalar`, is the definition; its step at one component is
/// `ODEStepKernel.component` (ODEStageKernels.swift). The eval's primal is the same arithmetic as
/// one scan per step on `Double` (`fusedSolve`: `ODEStepKernel`, whose four stages each read the
/// previous stage one component back through carried values), its gradient tensor reverse mode
/// (`tensorGradient`, ODETensorPath.swift): each step one scan entry on the tape, whose pullback
/// runs the adjoint code `@ReverseGradient` compiles from the same step body, in segments and
/// blocks of components that fit the cache. `gradient` is the same on the scalar tape (one
/// checkpoint per step): the fallback, and a check in the tests.
public enum ODEEval: EvalModule {
    /// `"ode"`.
    public static let name = "ode"
    /// `primal` and `gradient`.
    public static let functions = ["primal", "gradient"]

    /// One Runge–Kutta step of size `h`, updating `y` in place, written once for every scalar type:
    /// component by component (`ODEStepKernel.component`), each reading the component before it
    /// as it was before the step, and the stages that one carried on.
    static func step<T: Scalar>(_ x: ArraySlice<T>, _ y: inout [T], h: Double) {
        var previousY: T = 1
        var (k1, k2, k3): (T, T, T) = (0, 0, 0)
        for i in y.indices {
            let old = y[i]
            (y[i], k1, k2, k3) = ODEStepKernel.component(x: x[x.startIndex + i], previousY: previousY, y: old,
                                                         previousK1: k1, previousK2: k2, previousK3: k3, h: h)
            previousY = old
        }
    }

    /// y(2) after `steps` Runge–Kutta steps, written once for every scalar type.
    public static func solve<T: Scalar>(_ x: [T], steps: Int) -> [T] {
        var y = [T](repeating: 0, count: x.count)
        for _ in 0..<steps { step(x[...], &y, h: 2 / Double(steps)) }
        return y
    }

    /// ∂y(2)ₙ₋₁/∂x by reverse mode, checkpointing every step, recording on `tape`.
    ///
    /// Each step's pullback ȳₖ₊₁ ↦ (x̄, ȳₖ) is the gradient of the scalar ȳₖ₊₁ · step(x, yₖ)
    /// with respect to (x, yₖ), so each step is one `valueWithGradient` on the reused tape.
    public static func gradient(_ x: [Double], steps: Int, tape: Tape<Double> = Tape()) -> [Double] {
        let n = x.count, h = 2 / Double(steps)
        var states: [[Double]] = []
        states.reserveCapacity(steps)
        var y = [Double](repeating: 0, count: n)
        for _ in 0..<steps {
            states.append(y)
            step(x[...], &y, h: h)
        }
        var xBar = [Double](repeating: 0, count: n)
        var yBar = [Double](repeating: 0, count: n)
        yBar[n - 1] = 1
        var point = x + y
        for k in stride(from: steps - 1, through: 0, by: -1) {
            point.replaceSubrange(n..., with: states[k])
            let cotangent = yBar
            let bar = valueWithGradient(at: point, on: tape) { v -> Reverse<Double> in
                var state = Array(v[n...])
                step(v[..<n], &state, h: h)
                var sum: Reverse<Double> = 0
                for i in 0..<n where cotangent[i] != 0 { sum += Reverse(constant: cotangent[i]) * state[i] }
                return sum
            }.gradient
            for i in 0..<n { xBar[i] += bar[i] }
            yBar = Array(bar[n...])
        }
        return xBar
    }

    /// Decodes `{x, s}`.
    public static func prepare(function: String, input: JSONValue) throws -> PreparedEvaluation {
        let x = try input.doubles("x", minimumCount: 1)
        let s = try input.int("s", minimum: 1)
        if function == "primal" { return .vector { (try? fusedSolve(x, steps: s)) ?? solve(x, steps: s) } }
        let tape = Tape<Double>()
        // The tensor path cannot fail on a decoded input (every shape is n); the scalar tape is the fallback.
        return .vector { (try? tensorGradient(x, steps: s)) ?? gradient(x, steps: s, tape: tape) }
    }
}
