import Tensors

extension ODEEval {
    /// One Runge–Kutta step of size `h` on whole vectors, the same arithmetic in the same order as
    /// `step`: one scan (`ODEStepKernel`: the four stages, each reading the previous one place back
    /// through the carried values, and the update, per component), so one tape entry whose pullback
    /// is one backward pass of the step's compiled pullback (`ODEStepKernel.componentPullback`).
    static func tensorStep(_ x: TrackedTensor, _ y: TrackedTensor, h: Double) throws -> TrackedTensor {
        try tensorStep(x, y, kernel: ODEStepKernel(h: h))
    }

    /// `tensorStep` with the kernel made once per solve, not per step.
    static func tensorStep(_ x: TrackedTensor, _ y: TrackedTensor, kernel: ODEStepKernel) throws -> TrackedTensor {
        try TrackedTensor.scan(kernel, [x, y])
    }

    /// `steps` of `tensorStep` as one tape entry (`TrackedTensor.iteratedScan`: the step's scan
    /// applied to its own result), whose pullback runs the steps' scan pullbacks in one go.
    static func tensorSteps(_ x: TrackedTensor, _ y: TrackedTensor, kernel: ODEStepKernel, steps: Int) throws -> TrackedTensor {
        try TrackedTensor.iteratedScan(kernel, [x, y], times: steps)
    }

    /// `tensorStep` on plain tensors: the fused primal step (one pass over the vectors).
    static func fusedStep(_ x: Tensor, _ y: Tensor, kernel: ODEStepKernel) throws -> Tensor {
        try Tensor.scan(kernel, [x, y])
    }

    /// y(2) by `fusedStep` applied `steps` times (one `Tensor.iteratedScan`): the same values as
    /// `solve` on `Double`.
    ///
    /// Throws `GradBenchError.badValue` for an empty `x` or fewer than one step.
    public static func fusedSolve(_ x: [Double], steps: Int) throws -> [Double] {
        if x.isEmpty { throw GradBenchError.badValue(field: "x", reason: "needs at least one component") }
        if steps < 1 { throw GradBenchError.badValue(field: "s", reason: "needs at least one step, got \(steps)") }
        let start = Tensor([Double](repeating: 0, count: x.count))
        return try Tensor.iteratedScan(ODEStepKernel(h: 2 / Double(steps)), [Tensor(x), start], times: steps).scalars
    }

    /// ∂y(2)ₙ₋₁/∂x by tensor reverse mode, each step one scan on the tape, in segments of
    /// `segmentSteps(count:steps:)` steps: the states at the segment starts come from the fused
    /// primal (`fusedStep`), then each segment, last first, is recorded on one tape and pulled back
    /// from the cotangent of its end state to (its x̄ contribution, the cotangent of its start). For
    /// small n·s that is one segment (no states pass at all). Vectors longer than `block(steps:)` go in
    /// blocks of components (see `tensorGradient(_:steps:segment:block:)`), each with its own
    /// segments, so every tape stays in cache.
    ///
    /// Throws `GradBenchError.badValue` for an empty `x` or fewer than one step.
    public static func tensorGradient(_ x: [Double], steps: Int) throws -> [Double] {
        if x.isEmpty { throw GradBenchError.badValue(field: "x", reason: "needs at least one component") }
        if steps < 1 { throw GradBenchError.badValue(field: "s", reason: "needs at least one step, got \(steps)") }
        let block = block(steps: steps), window = min(x.count, block + 4 * steps)
        return try tensorGradient(x, steps: steps, segment: segmentSteps(count: window, steps: steps), block: block)
    }

    /// The largest n·s recorded on one tape (no segments, so no forward pass for segment starts):
    /// one scan per step keeps its value (n scalars) and a few scalars per 256 components.
    /// Measured 2026-11-30 at n = 10 000, s = 100: one tape (8 MB) 1.2–1.3× faster than segments
    /// of 2¹⁷/n steps; recomputing the segment starts costs more than the tape's cache misses.
    static let wholeTapeBudget = 1 << 21

    /// Scalars a segment's tape covers (n times its steps) when the whole solve is larger
    /// (≈ 1 MB, which stays in the second-level cache).
    static let segmentBudget = 1 << 17

    /// Steps per segment: all of them up to `wholeTapeBudget`, else as many as `segmentBudget`
    /// allows, at least 1.
    static func segmentSteps(count n: Int, steps: Int) -> Int {
        n * steps <= wholeTapeBudget ? steps : max(1, min(steps, segmentBudget / max(n, 1)))
    }

    /// Components per block for a solve of `steps` steps: vectors up to this long are pulled back
    /// whole. Eight times the halo (the 4·steps components of x before a block that its window
    /// also reads), so that with a cotangent nonzero everywhere the windows overlap by at most an
    /// eighth; at least 256 components, so that a block's fixed costs stay small. Blocks this
    /// short also let a cotangent that is zero outside a few components (the gradient of one
    /// component of y(2)) be pulled back through little more than the components it depends on.
    static func block(steps: Int) -> Int { max(1 << 8, 8 * 4 * steps) }

    /// The gradient with segments of `segment` ≥ 1 steps, in blocks of `block` ≥ 1 components
    /// (`block(steps:)` if nil)
    /// (see `tensorGradient(_:steps:)`, which checks `x` and `steps`).
    ///
    /// Long vectors go block by block: component i of a step depends only on components i − 4 … i
    /// of x and y (each of the four stages reads one place back), and y(0) = 0, so components
    /// lo..<hi of y(2) are exactly the last hi − lo components of the same solve run on the window
    /// lo − 4·steps ..< hi of x. The cotangent of y(2) is split by blocks; each block's part is
    /// pulled back through the solve on its window (all its steps, in segments), and the windows'
    /// x̄ shares, which overlap in the 4·steps components before each block, add up to the whole
    /// vector–Jacobian product. A block whose part of the cotangent is zero contributes zero (the
    /// pullback is linear) and is skipped.
    static func tensorGradient(_ x: [Double], steps: Int, segment: Int, block: Int? = nil) throws -> [Double] {
        var yBar = [Double](repeating: 0, count: x.count)
        yBar[x.count - 1] = 1
        return try blockedPullback(x, steps: steps, segment: segment, block: block ?? Self.block(steps: steps), cotangent: yBar)
    }

    /// ȳ · ∂y(2)/∂x for any cotangent ȳ of y(2), block by block (see `tensorGradient(_:steps:segment:block:)`).
    static func blockedPullback(_ x: [Double], steps: Int, segment: Int, block: Int, cotangent yBar: [Double]) throws -> [Double] {
        let n = x.count, halo = 4 * steps, width = max(block, 1)
        if n <= width { return try solvePullback(x, steps: steps, segment: segment, cotangent: yBar) }
        var xBar = [Double](repeating: 0, count: n)
        for lo in stride(from: 0, to: n, by: width) {
            let hi = min(n, lo + width), start = max(0, lo - halo)
            if yBar[lo..<hi].allSatisfy({ $0 == 0 }) { continue }
            var seed = [Double](repeating: 0, count: hi - start)
            seed.replaceSubrange((lo - start)..<(hi - start), with: yBar[lo..<hi])
            add(try solvePullback(Array(x[start..<hi]), steps: steps, segment: segment, cotangent: seed), into: &xBar, at: start, count: n)
        }
        return xBar
    }

    /// x̄ = ȳ · ∂y(2)/∂x for the solve from y(0) = 0 on `x` (whole vectors), in segments of
    /// `segment` steps.
    static func solvePullback(_ x: [Double], steps: Int, segment: Int, cotangent: [Double]) throws -> [Double] {
        let n = x.count, h = 2 / Double(steps)
        if segment >= steps {
            // One segment from y(0) = 0: no states to compute first.
            var xBar: [Double] = []
            _ = try pullBackSegment(x, from: [Double](repeating: 0, count: n), steps: steps, kernel: ODEStepKernel(h: h),
                                    cotangent: cotangent, into: &xBar, wantsStateCotangent: false)
            return xBar
        }
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
        var yBar = cotangent
        for (index, start) in starts.enumerated().reversed() {
            let length = min(segment, steps - start)
            // The first segment starts from the constant y(0) = 0: its cotangent is not wanted.
            yBar = try pullBackSegment(x, from: states[index], steps: length, kernel: kernel, cotangent: yBar, into: &xBar,
                                       wantsStateCotangent: start > 0)
            states[index] = []
        }
        return xBar
    }

    /// The pullback of `steps` steps from `state`: adds the x̄ share into `xBar` (which starts empty)
    /// and returns the cotangent of `state` (empty unless `wantsStateCotangent`), given the
    /// cotangent of the end state.
    static func pullBackSegment(_ x: [Double], from state: [Double], steps: Int, kernel: ODEStepKernel, cotangent yBar: [Double],
                                into xBar: inout [Double], wantsStateCotangent: Bool) throws -> [Double] {
        // The state is a constant when its cotangent is not wanted.
        let inputs = wantsStateCotangent ? [Tensor(x), Tensor(state)] : [Tensor(x)]
        let start = Tensor(state)
        let bars = try tensorValueWithPullback(at: inputs, seed: Tensor(yBar)) { p in
            try tensorSteps(p[0], wantsStateCotangent ? p[1] : start.constant, kernel: kernel, steps: steps)
        }.cotangents
        add(bars[0].scalars, into: &xBar, at: 0, count: x.count)
        return wantsStateCotangent ? bars[1].scalars : []
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
