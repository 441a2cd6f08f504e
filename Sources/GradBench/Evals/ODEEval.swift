import AutoDiff

/// The `ode` eval: s steps of classic Runge–Kutta on y₀′ = x₀, yᵢ′ = xᵢ yᵢ₋₁ over t ∈ [0, 2] from
/// y(0) = 0, and the gradient of the last component of y(2) with respect to x.
///
/// The `solve` below, generic over `Scalar`, is the definition; its stages are `odeStage`
/// (ODEStageKernels.swift). The eval's primal is the same arithmetic as one scan per step on
/// `Double` (`fusedSolve`: `ODEStepKernel`, whose four stages each read the previous stage one
/// component back through carried values), its gradient tensor reverse mode (`tensorGradient`,
/// ODETensorPath.swift): each step one scan entry on the tape, whose pullback evaluates the same
/// step body on dual numbers, in segments and blocks of components that fit the cache. `gradient`
/// is the same on the scalar tape (one checkpoint per step): the fallback, and a check in the tests.
public enum ODEEval: EvalModule {
    /// `"ode"`.
    public static let name = "ode"
    /// `primal` and `gradient`.
    public static let functions = ["primal", "gradient"]

    /// Work arrays for one Runge–Kutta step, allocated once per solve.
    struct Scratch<T: Scalar> {
        var k1, k2, k3, k4: [T]
        init(count n: Int) {
            k1 = [T](repeating: 0, count: n)
            (k2, k3, k4) = (k1, k1, k1)
        }
    }

    /// One stage for every component: k[i] = odeStage(xᵢ, yᵢ₋₁, k′ᵢ₋₁, c), reads 1 and 0 before index 0.
    static func stage<T: Scalar>(_ x: ArraySlice<T>, _ y: [T], _ previous: [T], c: T, into k: inout [T]) {
        let base = x.startIndex
        k[0] = odeStage(x: x[base], previousY: 1, previousK: 0, c: c)
        for i in 1..<k.count { k[i] = odeStage(x: x[base + i], previousY: y[i - 1], previousK: previous[i - 1], c: c) }
    }

    /// One Runge–Kutta step of size `h`, updating `y` in place, written once for every scalar type.
    static func step<T: Scalar>(_ x: ArraySlice<T>, _ y: inout [T], h: Double, _ w: inout Scratch<T>) {
        let n = y.count, base = x.startIndex
        w.k1[0] = odeFirstStage(x: x[base], previousY: 1)
        for i in 1..<n { w.k1[i] = odeFirstStage(x: x[base + i], previousY: y[i - 1]) }
        stage(x, y, w.k1, c: T(h / 2), into: &w.k2)
        stage(x, y, w.k2, c: T(h / 2), into: &w.k3)
        stage(x, y, w.k3, c: T(h), into: &w.k4)
        for i in 0..<n { y[i] = odeUpdate(y: y[i], w.k1[i], w.k2[i], w.k3[i], w.k4[i], h: h) }
    }

    /// y(2) after `steps` Runge–Kutta steps, written once for every scalar type.
    public static func solve<T: Scalar>(_ x: [T], steps: Int) -> [T] {
        var y = [T](repeating: 0, count: x.count)
        var scratch = Scratch<T>(count: x.count)
        for _ in 0..<steps { step(x[...], &y, h: 2 / Double(steps), &scratch) }
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
        var scratch = Scratch<Double>(count: n)
        for _ in 0..<steps {
            states.append(y)
            step(x[...], &y, h: h, &scratch)
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
                var work = Scratch<Reverse<Double>>(count: n)
                step(v[..<n], &state, h: h, &work)
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
