import Tensors

extension ODEEval {
    /// One Runge–Kutta step of size `h` on whole vectors (the same arithmetic, in the same order, as
    /// `step`): the field z = x ⊙ (y shifted one place with 1 in front), so z₀ = x₀, zᵢ = xᵢ yᵢ₋₁.
    static func tensorStep(_ x: TrackedTensor, _ y: TrackedTensor, h: Double) throws -> TrackedTensor {
        let half = Tensor(h / 2), full = Tensor(h), sixth = Tensor(h / 6), two = Tensor(2)
        func field(_ y: TrackedTensor) throws -> TrackedTensor { try x * y.shifted(by: 1, filling: 1) }
        let k1 = try field(y)
        let k2 = try field(y + k1 * half)
        let k3 = try field(y + k2 * half)
        let k4 = try field(y + k3 * full)
        return try y + (k1 + k2 * two + k3 * two + k4) * sixth
    }

    /// ∂y(2)ₙ₋₁/∂x by tensor reverse mode, checkpointing every step: the states come from the
    /// scalar `step`, then each step, last first, is recorded as ≈ 20 whole-vector operations and
    /// pulled back from ȳₖ₊₁ to (x̄ contribution, ȳₖ).
    public static func tensorGradient(_ x: [Double], steps: Int) throws -> [Double] {
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
        let xTensor = Tensor(x)
        for k in stride(from: steps - 1, through: 0, by: -1) {
            let bars = try tensorValueWithPullback(at: [xTensor, Tensor(states[k])], seed: Tensor(yBar)) { p in
                try tensorStep(p[0], p[1], h: h)
            }.cotangents
            bars[0].scalars.withUnsafeBufferPointer { g in
                xBar.withUnsafeMutableBufferPointer { out in for i in 0..<n { out[i] += g[i] } }
            }
            yBar = bars[1].scalars
            states[k] = []
        }
        return xBar
    }
}
