extension Tensor {
    /// The fused elementwise/stencil operation: element i of the result is `kernel.evaluate` of
    /// the operand values it reads (`kernel.reads`: operand, places back along the leading axis,
    /// fill), computed in one pass with no temporaries.
    ///
    /// ```swift
    /// let k2 = try Tensor.stencil(Stage(c: h / 2), [x, y, k1])   // xᵢ·(yᵢ₋₁ + c·k1ᵢ₋₁), 1 before y₀
    /// ```
    ///
    /// Throws unless the operands have one shape of rank ≥ 1 and the kernel declares 1 …
    /// `StencilReads.capacity` reads of existing operands.
    public static func stencil<K: StencilKernel>(_ kernel: K, _ operands: [Tensor]) throws -> Tensor {
        let inner = try checkStencil(kernel, operands)
        return Tensor(unchecked: operands[0].shape, kernel.stencilValues(operands, inner: inner))
    }

    /// Checks a stencil's operands and reads; returns the scalars per slice of the leading axis.
    static func checkStencil(_ kernel: some StencilKernel, _ operands: [Tensor]) throws -> Int {
        guard let first = operands.first else { throw TensorError.rank(operation: "stencil (no operands)", expected: 1, actual: 0) }
        guard first.rank >= 1 else { throw TensorError.rank(operation: "stencil", expected: 1, actual: first.rank) }
        for operand in operands where operand.shape != first.shape {
            throw TensorError.shapeMismatch(operation: "stencil", left: first.shape, right: operand.shape)
        }
        let reads = kernel.reads
        guard (1...StencilReads<Double>.capacity).contains(reads.count) else {
            throw TensorError.index(operation: "stencil (number of reads)", index: reads.count, extent: StencilReads<Double>.capacity + 1)
        }
        for read in reads where !operands.indices.contains(read.operand) {
            throw TensorError.index(operation: "stencil (a read's operand)", index: read.operand, extent: operands.count)
        }
        return first.shape[0] == 0 ? 0 : first.count / first.shape[0]
    }

    /// Adds each tracked operand's share of the stencil's vector–Jacobian product into its slot:
    /// one pass per read of a tracked operand (`wanted`).
    static func accumulateStencilPullback(_ kernel: any StencilKernel, cotangent g: Tensor, operands: [Tensor],
                                          wanted: WantedOperands, into slots: (Int) -> Int?, adjoint: inout [Tensor?]) throws {
        let inner = try checkStencil(kernel, operands)
        for (j, read) in kernel.reads.enumerated() where wanted[read.operand] {
            guard let parent = slots(read.operand) else { continue }
            let operand = operands[read.operand]
            var bar = adjoint[parent].take() ?? Tensor(unchecked: operand.shape, [Double](repeating: 0, count: operand.count))
            bar.scalars.withUnsafeMutableBufferPointer { out in
                kernel.addStencilShare(read: j, cotangent: g, operands: operands, inner: inner, into: out)
            }
            adjoint[parent] = bar
        }
    }

    /// Each tracked operand's share of the stencil's vector–Jacobian product (nil for constants).
    static func stencilPullback(_ kernel: any StencilKernel, cotangent g: Tensor, operands: [Tensor],
                                wanted: WantedOperands) throws -> [Tensor?] {
        var shares = [Tensor?](repeating: nil, count: operands.count)
        try accumulateStencilPullback(kernel, cotangent: g, operands: operands, wanted: wanted, into: { $0 }, adjoint: &shares)
        return shares
    }
}

extension TrackedTensor {
    /// The fused elementwise/stencil operation (`Tensor.stencil`) as one tape entry. Its pullback
    /// evaluates the kernel's body on `Dual` numbers, one read seeded per pass, so the local
    /// partials are the rule table's; each read's share lands where that element read it.
    ///
    /// ```swift
    /// let k2 = try TrackedTensor.stencil(Stage(c: h / 2), [x, y, k1])
    /// ```
    public static func stencil<K: StencilKernel>(_ kernel: K, _ operands: [TrackedTensor]) throws -> TrackedTensor {
        try record(.stencil(AnyStencilKernel(base: kernel)), Tensor.stencil(kernel, operands.map(\.value)), operands)
    }
}
