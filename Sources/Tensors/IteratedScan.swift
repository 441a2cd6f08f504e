extension Tensor {
    /// The scan applied `times` times to its own result: the last operand is the state y₀, and
    /// yₖ₊₁ = `scan(kernel, others + [yₖ])` (the other operands the same at every step); returns
    /// y_times. A fixed-step solver whose step is one scan (a Runge–Kutta step whose stages read
    /// one place back) is one iterated scan.
    ///
    /// ```swift
    /// let y = try Tensor.iteratedScan(step, [x, y0], times: 100)
    /// ```
    ///
    /// Throws for `times` < 1 and for what `scan` throws.
    public static func iteratedScan<K: ScanKernel>(_ kernel: K, _ operands: [Tensor], times: Int) throws -> Tensor {
        try iteratedScan(kernel, operands, times: times, keepingStates: false).value
    }

    /// `iteratedScan` and, when `keepingStates`, what its pullback needs: the states y₁ … y_times−1
    /// and, for every step, what `scan` keeps for its pullback, in one buffer (step k's at
    /// k · `scanRecordScalars`).
    static func iteratedScan<K: ScanKernel>(_ kernel: K, _ operands: [Tensor], times: Int,
                                            keepingStates: Bool) throws -> (value: Tensor, states: [Tensor], records: Tensor?) {
        guard times >= 1 else { throw TensorError.tooFew(operation: "iteratedScan", what: "times", count: times, minimum: 1) }
        let inner = try checkScan(kernel, operands)
        let count = operands[0].count, last = operands.count - 1
        let perStep = keepingStates ? scanRecordScalars(kernel, count: count, inner: inner) : 0
        var step = operands, states: [Tensor] = []
        if keepingStates { states.reserveCapacity(times - 1) }
        let total = keepingStates ? Swift.max(times * perStep, 1) : 0
        // Every step's forward pass writes all its records; only the spare scalar of an empty buffer is set here.
        let records = [Double](unsafeUninitializedCapacity: total) { kept, initialized in
            if total > 0 && perStep == 0 { kept.baseAddress?.initialize(to: 0) }
            for k in 0..<times {
                let scalars = [Double](unsafeUninitializedCapacity: count) { out, initialized in
                    if let base = out.baseAddress {
                        let stepRecords = keepingStates ? kept.baseAddress.map { $0 + k * perStep } : nil
                        kernel.writeScanValues(step, inner: inner, into: base, states: stepRecords)
                    }
                    initialized = count
                }
                step[last] = Tensor(unchecked: operands[0].shape, scalars)
                if keepingStates && k < times - 1 { states.append(step[last]) }
            }
            initialized = total
        }
        return (step[last], states, keepingStates ? Tensor(unchecked: [records.count], records) : nil)
    }

    /// Scalars one recorded scan of `count` scalars keeps for its pullback (`ScanRecords`).
    static func scanRecordScalars<K: ScanKernel>(_ kernel: K, count: Int, inner: Int) -> Int {
        count == 0 ? 0 : StencilGeometry(reads: kernel.reads, count: count, inner: inner).recordScalars(inner: inner, carryCount: K.carryCount)
    }

    /// Adds each tracked operand's share of the iterated scan's vector–Jacobian product into its
    /// slot (`slots(operand)`, nil for constants): the steps' scan pullbacks from the last down,
    /// each from the cotangent of its result to that of its state, the other operands' shares
    /// summed over the steps in one buffer each. `operands` are the kernel's (the initial state
    /// last), then the states y₁ … y_times−1, then the records (see `iteratedScan(_:_:times:keepingStates:)`).
    static func accumulateIteratedScanPullback(_ kernel: some ScanKernel, times: Int, cotangent g: inout Tensor, operands: [Tensor],
                                               into slots: (Int) -> Int?, adjoint: inout [Tensor?]) {
        let arity = operands.count - times, last = arity - 1
        guard arity >= 1, let records = operands.last else { return }
        let shape = operands[0].shape, count = operands[0].count
        let inner = shape.isEmpty || shape[0] == 0 ? 0 : count / shape[0]
        let perStep = scanRecordScalars(kernel, count: count, inner: inner)
        // The kernel operands' cotangents by operand while the steps are pulled back: the others'
        // summed over every step (taken out of their slots), the state's of the step at hand.
        let wanted = (0..<arity).map { slots($0) != nil }
        var local = [Tensor?](repeating: nil, count: arity)
        for j in 0..<last { if let slot = slots(j) { local[j] = adjoint[slot].take() } }
        var cotangent = g, spare: Tensor?
        g = Tensor(0)
        var step = Array(operands[0..<arity])
        records.scalars.withUnsafeBufferPointer { kept in
            guard let keptBase = kept.baseAddress else { return }
            for k in stride(from: times - 1, through: 0, by: -1) {
                // No step before the first: its state's cotangent only if the initial state is tracked.
                let wantsState = k > 0 || wanted[last]
                step[last] = k > 0 ? operands[arity + k - 1] : operands[last]
                // The state's cotangent starts from zeros: the buffer of the cotangent pulled back last.
                if wantsState, var buffer = spare.take() {
                    buffer.scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
                    local[last] = buffer
                }
                withCotangentBars(kernel.reads, operands: step, slots: { $0 < last ? (wanted[$0] ? $0 : nil) : (wantsState ? $0 : nil) },
                                  adjoint: &local) { bars in
                    kernel.addScanShares(cotangent: cotangent, operands: step, states: keptBase + k * perStep, inner: inner, into: bars)
                }
                guard wantsState else { continue }
                spare = cotangent
                // A kernel that does not read its state leaves it no cotangent: zero.
                cotangent = local[last].take() ?? Tensor(unchecked: shape, [Double](repeating: 0, count: count))
            }
        }
        // Added to what is in the slot by then: operands may be the same tracked tensor.
        func putBack(_ j: Int, _ share: Tensor?) {
            if let share, let slot = slots(j) { addShare(share, into: &adjoint[slot]) }
        }
        for j in 0..<last { putBack(j, local[j]) }
        // After the first step's pullback `cotangent` is the initial state's.
        if wanted[last] { putBack(last, cotangent) }
    }

    /// Each tracked operand's share of the iterated scan's vector–Jacobian product (nil for
    /// constants and for the kept states).
    static func iteratedScanPullback(_ kernel: some ScanKernel, times: Int, cotangent g: inout Tensor, operands: [Tensor],
                                     wanted: WantedOperands) -> [Tensor?] {
        var shares = [Tensor?](repeating: nil, count: operands.count)
        let arity = operands.count - times
        accumulateIteratedScanPullback(kernel, times: times, cotangent: &g, operands: operands,
                                       into: { $0 < arity && wanted[$0] ? $0 : nil }, adjoint: &shares)
        return shares
    }
}

extension TrackedTensor {
    /// The iterated scan (`Tensor.iteratedScan`: the last operand is the state, the scan applied
    /// `times` times to its own result) as one tape entry, however many steps. The forward pass
    /// keeps each step's state and what each step's scan pullback needs; the pullback runs the
    /// steps' scan pullbacks from the last down (each one backward pass on dual numbers, every
    /// partial from the rule table), carrying the state's cotangent from step to step and summing
    /// the other operands' shares in place, with no tape entry, tensor or cotangent per step.
    ///
    /// ```swift
    /// let y = try TrackedTensor.iteratedScan(step, [x, y0], times: 100)
    /// ```
    public static func iteratedScan<K: ScanKernel>(_ kernel: K, _ operands: [TrackedTensor], times: Int) throws -> TrackedTensor {
        let values = operands.map(\.value)
        guard let tape = try commonTape(operands) else {
            return TrackedTensor(constant: try Tensor.iteratedScan(kernel, values, times: times))
        }
        let (result, states, records) = try Tensor.iteratedScan(kernel, values, times: times, keepingStates: true)
        // The states and records ride along as constant operands after the kernel's.
        var kept = values, parents = operands.map(\.id)
        kept.reserveCapacity(values.count + states.count + 1)
        kept.append(contentsOf: states)
        kept.append(records ?? result)
        parents.reserveCapacity(kept.count)
        parents.append(contentsOf: repeatElement(nil, count: states.count + 1))
        return tape.record(.iteratedScan(AnyScanKernel(base: kernel), times: times), result, operands: kept, parents: parents)
    }
}
