extension Tensor {
    /// The fused recurrence along the leading axis: element i of the result is `kernel.evaluate` of
    /// the operand values it reads (`kernel.reads`: operand, places back, fill) and of what element
    /// i − 1 carried over (`kernel.initialCarry` before element 0), in one pass with no temporaries.
    /// For rank > 1 each position of a slice is its own recurrence.
    ///
    /// ```swift
    /// let y = try Tensor.scan(Filter(a: 0.5), [x])   // yᵢ = 0.5·yᵢ₋₁ + xᵢ
    /// ```
    ///
    /// Throws unless there are 1 … 4 operands of one shape of rank ≥ 1, the kernel declares 1 …
    /// `StencilReads.capacity` reads of existing operands and carries 1 … `ScanCarry.capacity` values.
    public static func scan<K: ScanKernel>(_ kernel: K, _ operands: [Tensor]) throws -> Tensor {
        try scan(kernel, operands, keepingStates: false).value
    }

    /// `scan` and, when `keepingStates`, what its pullback needs of the carried values: what every
    /// element received for a short vector, else what each chunk's first element and each edge
    /// element received, from which it reruns them (see `ScanRecords`).
    static func scan<K: ScanKernel>(_ kernel: K, _ operands: [Tensor], keepingStates: Bool) throws -> (value: Tensor, states: Tensor?) {
        let inner = try checkScan(kernel, operands)
        let count = operands[0].count
        let kept = keepingStates && count > 0
            ? StencilGeometry(reads: kernel.reads, count: count, inner: inner).recordScalars(inner: inner, carryCount: K.carryCount) : 0
        var states: [Double] = []
        let scalars = [Double](unsafeUninitializedCapacity: count) { out, initialized in
            if let base = out.baseAddress {
                if keepingStates {
                    states = [Double](unsafeUninitializedCapacity: Swift.max(kept, 1)) { s, written in
                        // The forward pass writes every record; only the spare scalar of an empty one is zeroed here.
                        if kept == 0 { s.baseAddress?.initialize(to: 0) }
                        kernel.writeScanValues(operands, inner: inner, into: base, states: s.baseAddress)
                        written = Swift.max(kept, 1)
                    }
                } else {
                    kernel.writeScanValues(operands, inner: inner, into: base, states: nil)
                }
            }
            initialized = count
        }
        let value = Tensor(unchecked: operands[0].shape, scalars)
        return (value, keepingStates ? Tensor(unchecked: [states.count], states) : nil)
    }

    /// Checks a scan's operands, reads and carried count; returns the scalars per slice of the leading axis.
    static func checkScan<K: ScanKernel>(_ kernel: K, _ operands: [Tensor]) throws -> Int {
        guard (1...ScanCarry<Double>.capacity).contains(K.carryCount) else {
            throw TensorError.index(operation: "scan (number of carried values)", index: K.carryCount, extent: ScanCarry<Double>.capacity + 1)
        }
        return try checkReads(kernel.reads, of: operands, in: "scan")
    }

    /// Adds each tracked operand's share of the scan's vector–Jacobian product into its slot
    /// (`slots(operand)`, nil for constants), creating zero cotangents where there are none yet.
    /// `operands` are the kernel's operands followed by the states the forward pass kept.
    static func accumulateScanPullback(_ kernel: some ScanKernel, cotangent g: Tensor, operands: [Tensor],
                                       into slots: (Int) -> Int?, adjoint: inout [Tensor?]) {
        guard let states = operands.last, operands.count >= 2 else { return }
        // The forward pass checked the operands; only the slice size is needed again. The states
        // ride along at the end of `operands` (no read refers to them, so no share lands there).
        let inner = operands[0].shape[0] == 0 ? 0 : operands[0].count / operands[0].shape[0]
        withCotangentBars(kernel.reads, operands: operands, slots: slots, adjoint: &adjoint) { bars in
            states.scalars.withUnsafeBufferPointer { s in
                guard let base = s.baseAddress else { return }
                kernel.addScanShares(cotangent: g, operands: operands, states: base, inner: inner, into: bars)
            }
        }
    }

    /// Each tracked operand's share of the scan's vector–Jacobian product (nil for constants);
    /// `operands` end with the kept states (never wanted).
    static func scanPullback(_ kernel: some ScanKernel, cotangent g: Tensor, operands: [Tensor], wanted: WantedOperands) -> [Tensor?] {
        var shares = [Tensor?](repeating: nil, count: operands.count)
        accumulateScanPullback(kernel, cotangent: g, operands: operands,
                               into: { $0 < operands.count - 1 && wanted[$0] ? $0 : nil }, adjoint: &shares)
        return shares
    }
}

extension TrackedTensor {
    /// The fused recurrence (`Tensor.scan`) as one tape entry. The forward pass keeps what the
    /// pullback needs of the carried values; the pullback is one backward pass that evaluates the
    /// kernel's body on dual numbers (`StructuralDual`), one input seeded at a time (so the local
    /// partials are the rule table's), adds each read's share where that element read it and
    /// carries the cotangents of the carried values back to the previous element.
    ///
    /// ```swift
    /// let y = try TrackedTensor.scan(Filter(a: 0.5), [x])
    /// ```
    public static func scan<K: ScanKernel>(_ kernel: K, _ operands: [TrackedTensor]) throws -> TrackedTensor {
        let values = operands.map(\.value)
        guard let tape = try commonTape(operands) else { return TrackedTensor(constant: try Tensor.scan(kernel, values)) }
        let (result, states) = try Tensor.scan(kernel, values, keepingStates: true)
        // The states ride along as a constant last operand.
        var kept = values, parents = operands.map(\.id)
        kept.append(states ?? result)
        parents.append(nil)
        return tape.record(.scan(AnyScanKernel(base: kernel)), result, operands: kept, parents: parents)
    }
}
