/// The value of a scalar-valued function of tensors and its gradient with respect to each input,
/// by tensor reverse mode: one evaluation recording one tape entry per tensor operation, then one
/// reverse sweep.
///
/// ```swift
/// // Linear regression's MSE: gradients with respect to w and b.
/// let (loss, g) = try tensorValueWithGradient(at: [w, Tensor(b)]) { p in
///     let residual = try X.matvec(p[0]) + p[1] - y
///     return try (residual * residual).mean()
/// }
/// ```
///
/// Throws `TensorError.rank` unless the result holds exactly one scalar.
public func tensorValueWithGradient(at inputs: [Tensor],
                              of f: ([TrackedTensor]) throws -> TrackedTensor) throws -> (value: Double, gradient: [Tensor]) {
    let (tape, variables, output, value) = try recordScalar(at: inputs, in: "tensorValueWithGradient", of: f)
    guard let id = output.id, output.tape === tape else {
        return (value, try inputs.map { try Tensor.zeros($0.shape) })
    }
    let adjoint = try tape.adjoints(from: id, seed: Tensor(unchecked: output.value.shape, [1]))
    return (value, try zip(variables, inputs).map { variable, input in
        try variable.id.flatMap { adjoint[$0] } ?? Tensor.zeros(input.shape)
    })
}

/// The value of a tensor-valued function and its vector–Jacobian product: the cotangent of each
/// input given the cotangent `seed` of the result (which must have the result's shape), by one
/// recording and one reverse sweep.
///
/// ```swift
/// // ȳ · ∂(a ⊙ b)/∂(a, b) = (ȳ ⊙ b, ȳ ⊙ a)
/// let (y, bars) = try tensorValueWithPullback(at: [a, b], seed: yBar) { p in try p[0] * p[1] }
/// ```
///
/// Throws `TensorError.shapeMismatch` when `seed` does not have the result's shape.
public func tensorValueWithPullback(at inputs: [Tensor], seed: Tensor,
                                    of f: ([TrackedTensor]) throws -> TrackedTensor) throws -> (value: Tensor, cotangents: [Tensor]) {
    let tape = TensorTape()
    let variables = inputs.map { tape.variable($0) }
    let output = try f(variables)
    guard seed.shape == output.value.shape else {
        throw TensorError.shapeMismatch(operation: "tensorValueWithPullback (seed against result)", left: seed.shape, right: output.value.shape)
    }
    guard let id = output.id, output.tape === tape else {
        return (output.value, try inputs.map { try Tensor.zeros($0.shape) })
    }
    let adjoint = try tape.adjoints(from: id, seed: seed)
    return (output.value, try zip(variables, inputs).map { variable, input in
        try variable.id.flatMap { adjoint[$0] } ?? Tensor.zeros(input.shape)
    })
}

/// The gradient of a scalar-valued function of tensors with respect to each input.
public func tensorGradient(at inputs: [Tensor], of f: ([TrackedTensor]) throws -> TrackedTensor) throws -> [Tensor] {
    try tensorValueWithGradient(at: inputs, of: f).gradient
}

extension Tensor {
    /// A tensor as a constant operand of tracked operations.
    public var constant: TrackedTensor { TrackedTensor(constant: self) }
}

extension Tensor {
    /// X·w for a constant matrix and a tracked vector: `X.matvec(w)` where `w` is tracked.
    public func matvec(_ x: TrackedTensor) throws -> TrackedTensor { try constant.matvec(x) }

    /// Aᵀ·v for a constant matrix A (self) and a tracked vector v, without forming Aᵀ.
    public func transposedMatvec(_ v: TrackedTensor) throws -> TrackedTensor { try constant.transposedMatvec(v) }
}

/// Records `f` at `inputs` on a fresh tape: the tape, the inputs' variables, the result and its one
/// scalar. Throws `TensorError.rank` (naming `operation`) unless the result holds exactly one scalar.
func recordScalar(at inputs: [Tensor], in operation: String, of f: ([TrackedTensor]) throws -> TrackedTensor)
    throws -> (tape: TensorTape, variables: [TrackedTensor], output: TrackedTensor, value: Double) {
    let tape = TensorTape()
    let variables = inputs.map { tape.variable($0) }
    let output = try f(variables)
    guard let value = output.value.scalar else {
        throw TensorError.rank(operation: "\(operation) (the function's result)", expected: 0, actual: output.value.rank)
    }
    return (tape, variables, output, value)
}
