// Forward-mode transforms: one evaluation on dual numbers per direction.

/// The value of an ℝ → ℝ function and its derivative at `x`, by forward mode.
///
/// ```swift
/// valueWithDerivative(at: 3.0) { x in x * x }   // (value: 9, derivative: 6)
/// ```
@inlinable
public func valueWithDerivative<T: Scalar>(at x: T, of f: (Dual<T>) throws -> Dual<T>) rethrows
    -> (value: T, derivative: T)
{
    let y = try f(Dual(x, tangent: 1))
    return (y.value, y.tangent)
}

/// The derivative of an ℝ → ℝ function at `x`, by forward mode. At a kink it returns the
/// subgradient chosen by the current `KinkPolicy` (see `withKinkPolicy`).
///
/// ```swift
/// derivative(at: 3.0) { x in x * x }   // 6: the article's (x²)′ = 2x
/// ```
@inlinable
public func derivative<T: Scalar>(at x: T, of f: (Dual<T>) throws -> Dual<T>) rethrows -> T {
    try valueWithDerivative(at: x, of: f).derivative
}

/// The directional derivative ∇f(x)·v of an ℝⁿ → ℝ function, computed in one forward pass without
/// forming ∇f: the article's "gradient as a dot product".
///
/// Throws `AutoDiffError.dimensionMismatch` when `x` and `v` differ in length.
@inlinable
public func directionalDerivative<T: Scalar>(at x: [T], along v: [T], of f: ([Dual<T>]) throws -> Dual<T>) throws -> T {
    try requireCount(v, x.count, "direction")
    let inputs = zip(x, v).map { Dual($0, tangent: $1) }
    return try f(inputs).tangent
}

/// The Jacobian–vector product of an ℝⁿ → ℝᵐ function: its value f(x) and its differential J·v.
///
/// Throws `AutoDiffError.dimensionMismatch` when `x` and `v` differ in length.
@inlinable
public func jvp<T: Scalar>(at x: [T], along v: [T], of f: ([Dual<T>]) throws -> [Dual<T>]) throws
    -> (value: [T], differential: [T])
{
    try requireCount(v, x.count, "direction")
    let outputs = try f(zip(x, v).map { Dual($0, tangent: $1) })
    return (outputs.map(\.value), outputs.map(\.tangent))
}

/// The m×n Jacobian of an ℝⁿ → ℝᵐ function by forward mode: one pass per input (column).
/// Prefer `jacobian(at:of:)` (reverse mode) when m < n.
@inlinable
public func forwardJacobian<T: Scalar>(at x: [T], of f: ([Dual<T>]) throws -> [Dual<T>]) rethrows -> [[T]] {
    var columns: [[T]] = []
    try forEachBasisDirection(at: x) { inputs in columns.append(try f(inputs).map(\.tangent)) }
    let m = columns.first?.count ?? 0
    return (0..<m).map { i in columns.map { $0[i] } }
}

/// The gradient of an ℝⁿ → ℝ function by forward mode: n passes. Reverse mode
/// (`gradient(at:of:)`) gets it in one sweep; this is the independent check.
@inlinable
public func forwardGradient<T: Scalar>(at x: [T], of f: ([Dual<T>]) throws -> Dual<T>) rethrows -> [T] {
    var gradient: [T] = []
    gradient.reserveCapacity(x.count)
    try forEachBasisDirection(at: x) { inputs in gradient.append(try f(inputs).tangent) }
    return gradient
}

/// Calls `body` once per input j with the duals (x, eⱼ), in order. One array is built and only its
/// j-th tangent is set and cleared between passes, so a pass costs O(1) beyond `body` rather than
/// building n fresh duals.
@inlinable
func forEachBasisDirection<T: Scalar>(at x: [T], _ body: ([Dual<T>]) throws -> Void) rethrows {
    var inputs: [Dual<T>] = []
    try forEachBasisDirection(at: x, reusing: &inputs, body)
}

/// `forEachBasisDirection(at:_:)` with the duals built in `inputs` (in place when it already has
/// x's length), so a loop of same-size passes allocates nothing.
@inlinable
func forEachBasisDirection<T: Scalar>(at x: [T], reusing inputs: inout [Dual<T>],
                                      _ body: ([Dual<T>]) throws -> Void) rethrows {
    overwrite(&inputs, count: x.count) { Dual(x[$0], tangent: 0) }
    for j in inputs.indices {
        inputs[j].tangent = 1
        try body(inputs)
        inputs[j].tangent = 0
    }
}
