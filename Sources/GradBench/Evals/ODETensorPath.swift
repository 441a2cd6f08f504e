import Tensors

extension ODEEval {
    /// One Runge–Kutta step of size `h` on whole vectors, the same arithmetic in the same order as
    /// `step`: one scan (`ODEStepKernel`: the four stages, each reading the previous one place back
    /// through the carried values, and the update, per component), so one tape entry whose pullback
    /// evaluates the step's body on dual numbers in one backward pass.
    static func tensorStep(_ x: TrackedTensor, _ y: TrackedTensor, h: Double) throws -> TrackedTensor {
        try tensorStep(x, y, kernel: ODEStepKernel(h: h))
    }

    /// `tensorStep` with the kernel made once per solve, not per step.
    static func tensorStep(_ x: TrackedTensor, _ y: TrackedTensor, kernel: ODEStepKernel) throws -> TrackedTensor {
        try TrackedTensor.scan(kernel, [x, y])
    }

    /// `tensorStep` on plain tensors: the fused primal step (one pass over the vectors).
    static func fusedStep(_ x: Tensor, _ y: Tensor, kernel: ODEStepKernel) throws -> Tensor {
        try Tensor.scan(kernel, [x, y])
    }

    /// y(2) by `fusedStep`: the same values as `solve` on `Double`.
    ///
    /// Throws `GradBenchError.badValue` for an empty `x` or fewer than one step.
    public static func fusedSolve(_ x: [Double], steps: Int) throws -> [Double] {
        if x.isEmpty { throw GradBenchError.badValue(field: "x", reason: "needs at least one component") }
        if steps < 1 { throw GradBenchError.badValue(field: "s", reason: "needs at least one step, got \(steps)") }
        let xs = Tensor(x), kernel = ODEStepKernel(h: 2 / Double(steps))
        var y = Tensor([Double](repeating: 0, count: x.count))
        for _ in 0..<steps { y = try fusedStep(xs, y, kernel: kernel) }
        return y.scalars
    }

    /// ∂y(2)ₙ₋₁/∂x by tensor reverse mode, each step recorded as 5 whole-vector operations, in
    /// segments of `segmentSteps(count:steps:)` steps: the states at the segment starts come from
    /// the fused primal (`fusedStep`), then each segment, last first, is recorded on one tape and pulled back
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

    /// The largest n·s recorded on one tape (no segments, so no forward pass for segment starts).
    /// Measured with 5 entries per step (2026-11-30): for n·s = 10⁵ (n = 1000, s = 100 and
    /// n = 10 000, s = 10) one tape was 1.2× faster than segments of 2¹⁴/n steps.
    static let wholeTapeBudget = 1 << 17

    /// Scalars a segment's tape covers (n times its steps) when the whole solve is larger: 5
    /// tensors of n scalars per step, ≈ 1.3 MB, which stays in cache. Measured at n = 10 000,
    /// s = 100: segments of 2¹⁵/n steps 1.1–1.3× faster than of 2¹⁷/n.
    static let segmentBudget = 1 << 15

    /// Steps per segment: all of them up to `wholeTapeBudget`, else as many as `segmentBudget`
    /// allows, at least 1.
    static func segmentSteps(count n: Int, steps: Int) -> Int {
        n * steps <= wholeTapeBudget ? steps : max(1, min(steps, segmentBudget / max(n, 1)))
    }

    /// The gradient with segments of `segment` ≥ 1 steps, pulled back in blocks of `block` ≥ 1
    /// components (see `tensorGradient(_:steps:)`, which checks `x` and `steps`).
    static func tensorGradient(_ x: [Double], steps: Int, segment: Int, block: Int = block) throws -> [Double] {
        let n = x.count, h = 2 / Double(steps)
        let starts = Array(stride(from: 0, to: steps, by: segment))
        // The states at the segment starts, computing no further than the last start.
        var states: [[Double]] = []
        states.reserveCapacity(starts.count)
        let xs = Tensor(x), kernel = ODEStepKernel(h: h)
        var y = Tensor([Double](repeating: 0, count: n))
        for k in 0..<(starts.last ?? 0) {
            if k % segment == 0 { states.append(y.scalars) }
            y = try fusedStep(xs, y, kernel: kernel)
        }
        states.append(y.scalars)
        var xBar: [Double] = []
        var yBar = [Double](repeating: 0, count: n)
        yBar[n - 1] = 1
        for (index, start) in starts.enumerated().reversed() {
            let length = min(segment, steps - start)
            // The first segment starts from the constant y(0) = 0: its cotangent is not wanted.
            yBar = try pullBackSegment(x, from: states[index], steps: length, h: h, cotangent: yBar, into: &xBar, block: block,
                                       wantsStateCotangent: start > 0)
            states[index] = []
        }
        return xBar
    }

    /// Components per block of the blocked pullback: 5 tensors of this many scalars per step stay
    /// in cache (≈ 1.2 MB). Vectors up to this long are pulled back whole.
    static let block = 1 << 14

    /// The pullback of `steps` steps from `state`: adds the x̄ share into `xBar` (which starts empty)
    /// and returns the cotangent of `state` (empty unless `wantsStateCotangent`), given the
    /// cotangent of the end state.
    ///
    /// Long vectors go block by block (`block` components at a time): component i of a step depends
    /// only on components i − 4 … i of x and y (each of the four stages reads one place back), so
    /// the outputs lo..<hi of `steps` steps are exactly the last hi − lo outputs of the same steps
    /// run on the window lo − 4·steps ..< hi (whose first outputs, which see the window's edge,
    /// get a zero cotangent). Each window is recorded and pulled back on its own tape, and the
    /// windows' shares, which overlap in the 4·steps components before each block, add up to the
    /// whole vector–Jacobian product.
    static func pullBackSegment(_ x: [Double], from state: [Double], steps: Int, h: Double, cotangent yBar: [Double],
                                into xBar: inout [Double], block: Int, wantsStateCotangent: Bool = true) throws -> [Double] {
        let n = x.count, halo = 4 * steps
        let kernel = ODEStepKernel(h: h)
        // The window's (x̄, state cotangent); the state is a constant when its cotangent is not wanted.
        func pullBack(_ x: [Double], _ state: [Double], _ seed: [Double]) throws -> (x: [Double], state: [Double]) {
            let inputs = wantsStateCotangent ? [Tensor(x), Tensor(state)] : [Tensor(x)]
            let start = Tensor(state)
            let bars = try tensorValueWithPullback(at: inputs, seed: Tensor(seed)) { p in
                var y = wantsStateCotangent ? p[1] : start.constant
                for _ in 0..<steps { y = try tensorStep(p[0], y, kernel: kernel) }
                return y
            }.cotangents
            return (bars[0].scalars, wantsStateCotangent ? bars[1].scalars : [])
        }
        if n <= block {
            // One window: the whole vectors, nothing to cut out or put back.
            let bars = try pullBack(x, state, yBar)
            add(bars.x, into: &xBar, at: 0, count: n)
            return bars.state
        }
        var stateBar: [Double] = []
        for lo in stride(from: 0, to: n, by: max(block, 1)) {
            let hi = min(n, lo + max(block, 1)), start = max(0, lo - halo)
            var seed = [Double](repeating: 0, count: hi - start)
            seed.replaceSubrange((lo - start)..<(hi - start), with: yBar[lo..<hi])
            let bars = try pullBack(Array(x[start..<hi]), Array(state[start..<hi]), seed)
            add(bars.x, into: &xBar, at: start, count: n)
            if wantsStateCotangent { add(bars.state, into: &stateBar, at: start, count: n) }
        }
        return stateBar
    }

    /// target[offset + i] += values[i] for every i (one vectorizable pass), `target` being `count`
    /// long once anything is in it: an empty target takes `values` as they are when they cover it
    /// whole, else starts from zeros.
    static func add(_ values: [Double], into target: inout [Double], at offset: Int, count: Int) {
        if target.isEmpty {
            if offset == 0 && values.count == count {
                target = values
                return
            }
            target = [Double](repeating: 0, count: count)
        }
        values.withUnsafeBufferPointer { g in
            target.withUnsafeMutableBufferPointer { out in
                guard let source = g.baseAddress, let base = out.baseAddress, offset + g.count <= out.count else { return }
                let destination = base + offset
                for i in 0..<g.count { destination[i] += source[i] }
            }
        }
    }
}
