extension Tensor {
    /// The fused elementwise/stencil operation: element i of the result is `kernel.evaluate` of
    /// the operand values it reads (`kernel.reads`: operand, places back along the leading axis,
    /// fill), computed in one pass with no temporaries.
    ///
    /// ```swift
    /// let k2 = try Tensor.stencil(Stage(c: h / 2), [x, y, k1])   // xᵢ·(yᵢ₋₁ + c·k1ᵢ₋₁), 1 before y₀
    /// ```
    ///
    /// Throws unless there are 1 … 4 operands of one shape of rank ≥ 1 and the kernel declares 1 …
    /// `StencilReads.capacity` reads of existing operands.
    public static func stencil<K: StencilKernel>(_ kernel: K, _ operands: [Tensor]) throws -> Tensor {
        let inner = try checkStencil(kernel, operands)
        let count = operands[0].count
        let scalars = [Double](unsafeUninitializedCapacity: count) { out, initialized in
            if let base = out.baseAddress { kernel.writeStencilValues(operands, inner: inner, into: base) }
            initialized = count
        }
        return Tensor(unchecked: operands[0].shape, scalars)
    }

    /// Checks a stencil's operands and reads; returns the scalars per slice of the leading axis.
    static func checkStencil(_ kernel: some StencilKernel, _ operands: [Tensor]) throws -> Int {
        try checkReads(kernel.reads, of: operands, in: "stencil")
    }

    /// Checks the operands of a stencil or scan (`operation`) and its reads: 1 … 4 operands of one
    /// shape of rank ≥ 1, 1 … `StencilReads.capacity` reads of existing operands. Returns the
    /// scalars per slice of the leading axis.
    static func checkReads(_ reads: [StencilRead], of operands: [Tensor], in operation: String) throws -> Int {
        let capacity = StencilReads<Double>.capacity
        guard let first = operands.first else { throw TensorError.rank(operation: "\(operation) (no operands)", expected: 1, actual: 0) }
        guard operands.count <= capacity else {
            throw TensorError.index(operation: "\(operation) (number of operands)", index: operands.count, extent: capacity + 1)
        }
        guard first.rank >= 1 else { throw TensorError.rank(operation: operation, expected: 1, actual: first.rank) }
        for operand in operands where operand.shape != first.shape {
            throw TensorError.shapeMismatch(operation: operation, left: first.shape, right: operand.shape)
        }
        guard (1...capacity).contains(reads.count) else {
            throw TensorError.index(operation: "\(operation) (number of reads)", index: reads.count, extent: capacity + 1)
        }
        for read in reads where !operands.indices.contains(read.operand) {
            throw TensorError.index(operation: "\(operation) (a read's operand)", index: read.operand, extent: operands.count)
        }
        return first.shape[0] == 0 ? 0 : first.count / first.shape[0]
    }

    /// Adds each tracked operand's share of the stencil's vector–Jacobian product into its slot
    /// (`slots(operand)`, nil for constants), creating zero cotangents where there are none yet.
    static func accumulateStencilPullback(_ kernel: some StencilKernel, cotangent g: Tensor, operands: [Tensor],
                                          into slots: (Int) -> Int?, adjoint: inout [Tensor?]) throws {
        // The forward pass checked the operands; only the slice size is needed again.
        let inner = operands[0].shape[0] == 0 ? 0 : operands[0].count / operands[0].shape[0]
        withCotangentBars(kernel.reads, operands: operands, slots: slots, adjoint: &adjoint) { bars in
            kernel.addStencilShares(cotangent: g, operands: operands, inner: inner, into: bars)
        }
    }

    /// Calls `body` with one cotangent buffer per read (`StencilBars`: the buffer of the read's
    /// operand, nil for constants and missing reads), each tracked operand's taken out of its slot
    /// (`slots(operand)`) or made of zeros, and puts them back after: the cotangent plumbing of
    /// the stencil and scan pullbacks. Reads of one operand get the same buffer.
    static func withCotangentBars(_ reads: [StencilRead], operands: [Tensor], slots: (Int) -> Int?, adjoint: inout [Tensor?],
                                  _ body: (StencilBars) -> Void) {
        // Each tracked operand's cotangent buffer, taken out of its slot (at most 4 operands).
        func buffer(_ operand: Int) -> [Double] {
            guard operand < operands.count, reads.contains(where: { $0.operand == operand }), let slot = slots(operand) else { return [] }
            return adjoint[slot].take()?.scalars ?? [Double](repeating: 0, count: operands[operand].count)
        }
        var (b0, b1, b2, b3) = (buffer(0), buffer(1), buffer(2), buffer(3))
        b0.withUnsafeMutableBufferPointer { p0 in
            b1.withUnsafeMutableBufferPointer { p1 in
                b2.withUnsafeMutableBufferPointer { p2 in
                    b3.withUnsafeMutableBufferPointer { p3 in
                        func bar(_ j: Int) -> UnsafeMutablePointer<Double>? {
                            guard j < reads.count else { return nil }
                            // An empty buffer is a constant operand's: nothing flows into it.
                            let target = switch reads[j].operand {
                            case 0: p0
                            case 1: p1
                            case 2: p2
                            default: p3
                            }
                            return target.isEmpty ? nil : target.baseAddress
                        }
                        body(StencilBars(bar(0), bar(1), bar(2), bar(3)))
                    }
                }
            }
        }
        // Added to what the slot holds by then: two operands may be one tracked tensor (the first
        // took the slot's cotangent, the second started from zeros).
        func putBack(_ operand: Int, _ buffer: [Double]) {
            if !buffer.isEmpty, let slot = slots(operand) { addShare(Tensor(unchecked: operands[operand].shape, buffer), into: &adjoint[slot]) }
        }
        putBack(0, b0)
        putBack(1, b1)
        putBack(2, b2)
        putBack(3, b3)
    }

    /// Each tracked operand's share of the stencil's vector–Jacobian product (nil for constants).
    static func stencilPullback(_ kernel: some StencilKernel, cotangent g: Tensor, operands: [Tensor],
                                wanted: WantedOperands) throws -> [Tensor?] {
        var shares = [Tensor?](repeating: nil, count: operands.count)
        try accumulateStencilPullback(kernel, cotangent: g, operands: operands, into: { wanted[$0] ? $0 : nil }, adjoint: &shares)
        return shares
    }
}

extension TrackedTensor {
    /// The fused elementwise/stencil operation (`Tensor.stencil`) as one tape entry. Its pullback
    /// evaluates the kernel's body on dual numbers (`StructuralDual`), one read seeded at a time,
    /// so the local partials are the rule table's; each read's share lands where that element read it.
    ///
    /// ```swift
    /// let k2 = try TrackedTensor.stencil(Stage(c: h / 2), [x, y, k1])
    /// ```
    public static func stencil<K: StencilKernel>(_ kernel: K, _ operands: [TrackedTensor]) throws -> TrackedTensor {
        let values = operands.map(\.value)
        return try record(.stencil(AnyStencilKernel(base: kernel)), Tensor.stencil(kernel, values), values: values, operands)
    }

    /// `stencil(_:_:)` on the two operands (a, b), without an array of tracked tensors (a stencil is
    /// often recorded many times on short vectors, where building that array is a sizable share).
    public static func stencil<K: StencilKernel>(_ kernel: K, _ a: TrackedTensor, _ b: TrackedTensor) throws -> TrackedTensor {
        let values = [a.value, b.value], result = try Tensor.stencil(kernel, values)
        guard let tape = try commonTape(a, b) else { return TrackedTensor(constant: result) }
        return tape.record(.stencil(AnyStencilKernel(base: kernel)), result, operands: values, parents: [a.id, b.id])
    }

    /// `stencil(_:_:)` on the three operands (a, b, c), without an array of tracked tensors.
    public static func stencil<K: StencilKernel>(_ kernel: K, _ a: TrackedTensor, _ b: TrackedTensor,
                                                 _ c: TrackedTensor) throws -> TrackedTensor {
        let values = [a.value, b.value, c.value], result = try Tensor.stencil(kernel, values)
        guard let tape = try commonTape(a, b, c) else { return TrackedTensor(constant: result) }
        return tape.record(.stencil(AnyStencilKernel(base: kernel)), result, operands: values, parents: [a.id, b.id, c.id])
    }
}
