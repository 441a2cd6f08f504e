// Gradient transforms on fixed-size points (`InlineArray<n, T>`): the same derivatives as
// `forwardGradient(at:of:)` and `valueWithGradient(at:of:)`, with the point, the seeded inputs and
// the gradient on the stack. For the many tiny gradients of a nested optimization (a 2-D point,
// thousands of steps) the arrays' allocation and copy-on-write checks cost more than the arithmetic.

/// The forward-mode gradient of an ℝⁿ → ℝ function at a fixed-size point: n passes on dual numbers,
/// the j-th pass seeded with eⱼ. Allocates nothing.
///
/// ```swift
/// let g = forwardGradient(at: [1.0, 2] as InlineArray<2, Double>) { v in v[0] * v[1] }   // [2, 1]
/// ```
@inlinable @inline(__always)
public func forwardGradient<let n: Int, T: Scalar>(
    at x: InlineArray<n, T>, of f: (InlineArray<n, Dual<T>>) throws -> Dual<T>
) rethrows -> InlineArray<n, T> {
    var inputs = InlineArray<n, Dual<T>>(repeating: Dual(constant: 0))
    for i in 0..<n { inputs[i] = Dual(x[i], tangent: 0) }
    var gradient = InlineArray<n, T>(repeating: 0)
    for j in 0..<n {
        inputs[j].tangent = 1
        gradient[j] = try f(inputs).tangent
        inputs[j].tangent = 0
    }
    return gradient
}

/// The value and forward-mode gradient of an ℝⁿ → ℝ function at a fixed-size point in one pass on
/// `MultiDual<n, T>` (input j seeded with eⱼ): the same gradient as `forwardGradient(at:of:)`, bit for
/// bit, with the value and every intermediate value computed once instead of n times.
///
/// ```swift
/// let (value, g) = valueWithForwardGradient(at: [1.0, 2] as InlineArray<2, Double>) { v in v[0] * v[1] }
/// // value == 2, g == [2, 1]
/// ```
@inlinable @inline(__always)
public func valueWithForwardGradient<let n: Int, T: Scalar>(
    at x: InlineArray<n, T>, of f: (InlineArray<n, MultiDual<n, T>>) throws -> MultiDual<n, T>
) rethrows -> (value: T, gradient: InlineArray<n, T>) {
    var inputs = InlineArray<n, MultiDual<n, T>>(repeating: MultiDual(constant: 0))
    for j in 0..<n { inputs[j] = MultiDual(x[j], direction: j) }
    let y = try f(inputs)
    return (y.value, y.tangents)
}

/// The value and reverse-mode gradient of an ℝⁿ → ℝ function at a fixed-size point: one pass
/// recorded on the workspace's tape and one sweep into a temporary adjoint buffer (on the stack for
/// small tapes), so repeated calls allocate nothing once the tape has grown to size.
///
/// ```swift
/// var workspace = GradientWorkspace<Double>()
/// let (value, g) = valueWithGradient(at: [1.0, 2] as InlineArray<2, Double>, using: &workspace) { v in v[0] * v[1] }
/// // value == 2, g == [2, 1]
/// ```
@inlinable @inline(__always)
public func valueWithGradient<let n: Int, T: Scalar>(
    at x: InlineArray<n, T>, using workspace: inout GradientWorkspace<T>,
    of f: (InlineArray<n, Reverse<T>>) throws -> Reverse<T>
) rethrows -> (value: T, gradient: InlineArray<n, T>) {
    try workspace.withTape { tape in
        tape.reset()
        var inputs = InlineArray<n, Reverse<T>>(repeating: Reverse(constant: 0))
        for i in 0..<n { inputs[i] = tape.variable(x[i]) }
        let y = try f(inputs)
        var gradient = InlineArray<n, T>(repeating: 0)
        guard let storage = y.storage else { return (y.value, gradient) }
        precondition(storage == tape.storage, "the result was computed on another differentiation's tape")
        // Only the entries up to the result's reach the inputs.
        let top = Int(y.slot)
        withUnsafeTemporaryAllocation(of: T.self, capacity: top + 1) { a in
            let a = a.baseAddress!
            a.initialize(repeating: 0, count: top + 1)
            a[top] = 1
            TapeStorage.sweep(storage.pointee.entries, a, from: top, downTo: 1)
            for i in 0..<n { gradient[i] = a[Int(inputs[i].slot)] }
            a.deinitialize(count: top + 1)
        }
        return (y.value, gradient)
    }
}
