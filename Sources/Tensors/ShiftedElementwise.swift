import Rules

// op(a, b shifted along the leading axis) is a stencil with two reads: a in place and b moved by
// the offset, the fill where b's moved read falls outside it. One tape entry instead of a shift
// and an elementwise operation; the pullback is the stencil's (the primitive on dual numbers, so
// the rule table's partials).

/// A primitive of two arguments whose second operand is read `offset` places back along the
/// leading axis (the fill outside it): the stencil behind `applying(_:_:shifted:by:filling:)`.
struct ShiftedBinaryKernel: StencilKernel {
    /// The primitive.
    let op: Binary
    /// a in place, b moved.
    let reads: [StencilRead]

    init(_ op: Binary, offset: Int, fill: Double) {
        self.op = op
        reads = [StencilRead(operand: 0), StencilRead(operand: 1, offset: offset, fill: fill)]
    }

    func evaluate<T: Scalar>(_ r: StencilReads<T>) -> T { T.apply(op, r[0], r[1]) }
}

extension Tensor {
    /// op(a, b.shifted(by: offset, filling: fill)) elementwise for equal-shaped a and b, without
    /// the shifted copy of b (its entries are the same as the two-step form's).
    ///
    /// ```swift
    /// try Tensor.applying(.multiply, Tensor([2, 3, 4]), shifted: Tensor([5, 6, 7]), by: 1, filling: 1)   // [2, 15, 24]
    /// ```
    ///
    /// Throws unless a and b have the same shape of rank ≥ 1.
    public static func applying(_ op: Binary, _ a: Tensor, shifted b: Tensor, by offset: Int, filling fill: Double) throws -> Tensor {
        try stencil(ShiftedBinaryKernel(op, offset: offset, fill: fill), [a, b])
    }
}

extension TrackedTensor {
    /// op(a, b shifted `offset` places along the leading axis with `fill` in the vacated places),
    /// elementwise, as one tape entry: the same values as `applying(op, a, b.shifted(by:filling:))`
    /// without the shifted copy. The pullback is the primitive's, from the rule table, with b's
    /// share moved back by −offset.
    ///
    /// ```swift
    /// let field = try TrackedTensor.applying(.multiply, x, shifted: y, by: 1, filling: 1)   // zᵢ = xᵢ yᵢ₋₁, z₀ = x₀
    /// ```
    public static func applying(_ op: Binary, _ a: TrackedTensor, shifted b: TrackedTensor, by offset: Int,
                                filling fill: Double) throws -> TrackedTensor {
        try stencil(ShiftedBinaryKernel(op, offset: offset, fill: fill), a, b)
    }
}
