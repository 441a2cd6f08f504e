import Tensors

extension ODEEval {
    /// One Runge–Kutta step of size `h` on whole vectors, the same arithmetic in the same order as
    /// `step` (products by 1 are exact): the field z = x ⊙ (y shifted one place with 1 in front),
    /// so z₀ = x₀, zᵢ = xᵢ yᵢ₋₁ (one entry); stages and the update are linear combinations. 9 tape entries.
    static func tensorStep(_ x: TrackedTensor, _ y: TrackedTensor, h: Double) throws -> TrackedTensor {
        func field(_ y: TrackedTensor) throws -> TrackedTensor { try .applying(.multiply, x, shifted: y, by: 1, filling: 1) }
        func plus(_ c: Double, _ k: TrackedTensor) throws -> TrackedTensor { try .linearCombination([1, c], [y, k]) }
        let k1 = try field(y)
        let k2 = try field(plus(h / 2, k1))
        let k3 = try field(plus(h / 2, k2))
        let k4 = try field(plus(h, k3))
        return try plus(h / 6, .linearCombination([1, 2, 2, 1], [k1, k2, k3, k4]))
    }

    /// ∂y(2)ₙ₋₁/∂x by tensor reverse mode, each step recorded as 9 whole-vector operations, in
    /// segments of `segmentSteps(count:steps:)` steps: the states at the segment starts come from
    /// the scalar `step`, then each segment, last first, is recorded on one tape and pulled back
    /// from the cotangent of its end state to (its x̄ contribution, the cotangent of its start). For
    /// small n·s that is one segment (no states pass at all); for large n one step per segment, so
    /// n = 100 000, s = 100 holds one step's tape, not a hundred.
    ///
    /// Throws `GradBenchError.badValue` for an empty `x` or fewer than one step.
    public static func tensorGradient(_ x: [Double], steps: Int) throws -> [Double] {
        if x.isEmpty { throw GradBenchError.badValue(field: "x", reason: "needs at least one component") }
        if steps < 1 { throw GradBenchError.badValue(field: "s", reason: "needs at least one step, got \(steps)") }
        return try tensorGradient(x, steps: steps, segment: segmentSteps(count: x.count, steps: steps))
    }

    /// Scalars a segment's tape may cover (n times its steps): 9 tensors of n scalars per step, so
    /// ≈ 1.2 MB, which stays in cache. Measured: one tape for n·s = 10⁴ was 1.3× faster than a
    /// checkpoint per step, for n·s = 10⁵ 1.5× slower.
    static let segmentBudget = 1 << 14

    /// Steps per segment: as many as the budget allows, at least 1, at most all.
    static func segmentSteps(count n: Int, steps: Int) -> Int { max(1, min(steps, segmentBudget / max(n, 1))) }

    /// The gradient with segments of `segment` ≥ 1 steps (see `tensorGradient(_:steps:)`, which
    /// checks `x` and `steps`).
    static func tensorGradient(_ x: [Double], steps: Int, segment: Int) throws -> [Double] {
        let n = x.count, h = 2 / Double(steps)
        let starts = Array(stride(from: 0, to: steps, by: segment))
        // The states at the segment starts, computing no further than the last start.
        var states: [[Double]] = []
        states.reserveCapacity(starts.count)
        var y = [Double](repeating: 0, count: n)
        var scratch = Scratch<Double>(count: n)
        for k in 0..<(starts.last ?? 0) {
            if k % segment == 0 { states.append(y) }
            step(x[...], &y, h: h, &scratch)
        }
        states.append(y)
        var xBar = [Double](repeating: 0, count: n)
        var yBar = [Double](repeating: 0, count: n)
        yBar[n - 1] = 1
        let xTensor = Tensor(x)
        for (index, start) in starts.enumerated().reversed() {
            let length = min(segment, steps - start)
            let bars = try tensorValueWithPullback(at: [xTensor, Tensor(states[index])], seed: Tensor(yBar)) { p in
                var y = p[1]
                for _ in 0..<length { y = try tensorStep(p[0], y, h: h) }
                return y
            }.cotangents
            bars[0].scalars.withUnsafeBufferPointer { g in
                xBar.withUnsafeMutableBufferPointer { out in for i in 0..<n { out[i] += g[i] } }
            }
            yBar = bars[1].scalars
            states[index] = []
        }
        return xBar
    }
}
