// Reverse-mode transforms: one recorded evaluation, one sweep per output.

/// The value of an ℝⁿ → ℝ function and its gradient at `x`, in one evaluation and one reverse
/// sweep (Swift's `_Differentiation` vocabulary). At a kink the gradient contains the subgradient
/// chosen by the current `KinkPolicy`, exactly as forward mode does.
///
/// NaN and infinity follow IEEE arithmetic through the chain rule (a NaN input gives NaN, an
/// infinite local derivative times a zero adjoint gives NaN); `explainNonFinite(at:of:)` says
/// which operation produced a non-finite value and why. Nothing traps.
///
/// ```swift
/// valueWithGradient(at: [1.0, 2, 3]) { v in v[0]*v[0] + 2*v[1]*v[1] + 3*v[2]*v[2] }
/// // (value: 36, gradient: [2, 8, 18])
/// ```
@inlinable
public func valueWithGradient<T: Scalar>(at x: [T], of f: ([Reverse<T>]) throws -> Reverse<T>) rethrows
    -> (value: T, gradient: [T])
{
    try valueWithGradient(at: x, on: Tape<T>(capacity: 64 + 8 * x.count), of: f)
}

/// `valueWithGradient(at:of:)` recording on a tape the caller keeps: the tape is reset first and
/// its memory reused, so computing many gradients of the same size allocates no tape after the
/// first. The tape must not be used by two differentiations at once.
@inlinable
public func valueWithGradient<T: Scalar>(at x: [T], on tape: Tape<T>,
                                         of f: ([Reverse<T>]) throws -> Reverse<T>) rethrows
    -> (value: T, gradient: [T])
{
    var workspace = GradientWorkspace(tape: tape)
    var gradient: [T] = []
    let value = try valueWithGradient(at: x, into: &gradient, using: &workspace, of: f)
    return (value, gradient)
}

/// The gradient ∇f(x) of an ℝⁿ → ℝ function, by reverse mode.
///
/// ```swift
/// gradient(at: [1.0, 2, 3]) { w in w[0]*w[0] + w[1]*w[1] + w[2]*w[2] }   // [2, 4, 6]: ∇‖w‖² = 2w
/// ```
@inlinable
public func gradient<T: Scalar>(at x: [T], of f: ([Reverse<T>]) throws -> Reverse<T>) rethrows -> [T] {
    try valueWithGradient(at: x, of: f).gradient
}

/// The value of an ℝⁿ → ℝᵐ function and its pullback v ↦ vᵀJ, which may be called many times
/// (one reverse sweep each). The pullback throws `AutoDiffError.dimensionMismatch` for a cotangent
/// of the wrong length.
@inlinable
public func valueWithPullback<T: Scalar>(at x: [T], of f: ([Reverse<T>]) throws -> [Reverse<T>]) rethrows
    -> (value: [T], pullback: ([T]) throws -> [T])
{
    let tape = Tape<T>(capacity: 64 + 8 * x.count)
    let inputs = tape.variables(x)
    let outputs = try f(inputs)
    let inputSlots = inputs.map { Int($0.slot) }
    let outputSlots = outputs.map { $0.storage == tape.storage ? $0.slot : 0 }
    let pullback: ([T]) throws -> [T] = { cotangent in
        try requireCount(cotangent, outputSlots.count, "cotangent")
        let adjoint = tape.adjoints(seeds: Array(zip(outputSlots, cotangent)))
        return inputSlots.map { adjoint[$0] }
    }
    return (outputs.map(\.value), pullback)
}

/// The vector–Jacobian product vᵀJ of an ℝⁿ → ℝᵐ function at `x`, by one reverse sweep.
@inlinable
public func vjp<T: Scalar>(at x: [T], cotangent v: [T], of f: ([Reverse<T>]) throws -> [Reverse<T>]) throws -> [T] {
    try valueWithPullback(at: x, of: f).pullback(v)
}

/// The m×n Jacobian of an ℝⁿ → ℝᵐ function by reverse mode: one evaluation, one sweep per output
/// (row). Prefer `forwardJacobian(at:of:)` when n < m.
@inlinable
public func jacobian<T: Scalar>(at x: [T], of f: ([Reverse<T>]) throws -> [Reverse<T>]) throws -> [[T]] {
    let (value, pullback) = try valueWithPullback(at: x, of: f)
    return try value.indices.map { i in try pullback(value.indices.map { $0 == i ? 1 : 0 }) }
}

/// The n×n Hessian of an ℝⁿ → ℝ function, forward-over-reverse: n reverse sweeps on dual numbers,
/// each giving one column ∇²f·eⱼ.
///
/// ```swift
/// hessian(at: [1.0, 2]) { v in v[0]*v[0]*v[1] }   // [[4, 2], [2, 0]]
/// ```
@inlinable
public func hessian<T: Scalar>(at x: [T], of f: ([Reverse<Dual<T>>]) throws -> Reverse<Dual<T>>) rethrows -> [[T]] {
    var columns: [[T]] = []
    try forEachBasisDirection(at: x) { seeded in columns.append(try gradient(at: seeded, of: f).map(\.tangent)) }
    return (0..<x.count).map { i in columns.map { $0[i] } }
}

/// The Hessian–vector product ∇²f(x)·v in one forward-over-reverse sweep.
@inlinable
public func hessianVectorProduct<T: Scalar>(at x: [T], along v: [T],
                                            of f: ([Reverse<Dual<T>>]) throws -> Reverse<Dual<T>>) throws -> [T] {
    try requireCount(v, x.count, "direction")
    return try gradient(at: zip(x, v).map { Dual($0, tangent: $1) }, of: f).map(\.tangent)
}
