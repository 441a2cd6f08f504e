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
    let tape = TensorTape()
    let variables = inputs.map { tape.variable($0) }
    let output = try f(variables)
    guard let value = output.value.scalar else {
        throw TensorError.rank(operation: "tensorValueWithGradient (the function's result)", expected: 0, actual: output.value.rank)
    }
    guard let id = output.id, output.tape === tape else {
        return (value, try inputs.map { try Tensor.zeros($0.shape) })
    }
    let adjoint = try tape.adjoints(from: id, seed: Tensor(unchecked: output.value.shape, [1]))
    return (value, try zip(variables, inputs).map { variable, input in
        try adjoint[variable.id!] ?? Tensor.zeros(input.shape)
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
