// Gradient transforms that write into caller-owned storage and reuse a `GradientWorkspace`: the
// same derivatives as `gradient(at:of:)` and `forwardGradient(at:of:)`, without per-call allocation.

/// The value of an ℝⁿ → ℝ function at `x`, with its reverse-mode gradient written into `gradient`
/// (resized to `x.count`). Records on the workspace's tape, so repeated calls allocate nothing once
/// the buffers have grown to size.
///
/// ```swift
/// var workspace = GradientWorkspace<Double>()
/// var g: [Double] = []
/// valueWithGradient(at: [1.0, 2], into: &g, using: &workspace) { v in v[0] * v[1] }   // 2, g == [2, 1]
/// ```
@inlinable
@discardableResult
public func valueWithGradient<T: Scalar>(at x: [T], into gradient: inout [T], using workspace: inout GradientWorkspace<T>,
                                         of f: ([Reverse<T>]) throws -> Reverse<T>) rethrows -> T {
    let tape = workspace.tape
    // The buffers are moved into locals for the call (a move, not a copy), so that passing them
    // on needs no reference counting.
    var inputs: [Reverse<T>] = [], adjoints: [T] = []
    swap(&inputs, &workspace.reverseInputs)
    swap(&adjoints, &workspace.adjoints)
    defer {
        swap(&inputs, &workspace.reverseInputs)
        swap(&adjoints, &workspace.adjoints)
    }
    tape.reset()
    overwrite(&inputs, count: x.count) { tape.variable(x[$0]) }
    let y = try f(inputs)
    guard let storage = y.storage else {
        overwrite(&gradient, count: x.count) { _ in 0 }
        return y.value
    }
    precondition(storage == tape.storage, "the result was computed on another differentiation's tape")
    tape.adjoints(seeds: CollectionOfOne((y.slot, 1)), into: &adjoints)
    // `variable` gave the inputs consecutive slots: their adjoints are one contiguous run.
    let first = x.isEmpty ? 0 : Int(inputs[0].slot)
    overwrite(&gradient, count: x.count) { adjoints[first + $0] }
    return withExtendedLifetime(tape) { y.value }
}

/// The forward-mode gradient of an ℝⁿ → ℝ function at `x` (n passes), written into `gradient`
/// (resized to `x.count`); the seeded inputs live in the workspace, so repeated calls allocate nothing.
@inlinable
public func forwardGradient<T: Scalar>(at x: [T], into gradient: inout [T], using workspace: inout GradientWorkspace<T>,
                                       of f: ([Dual<T>]) throws -> Dual<T>) rethrows {
    var inputs: [Dual<T>] = []  // moved out and back, as in `valueWithGradient(at:into:using:of:)`
    swap(&inputs, &workspace.forwardInputs)
    defer { swap(&inputs, &workspace.forwardInputs) }
    overwrite(&gradient, count: x.count) { _ in 0 }
    var j = 0
    try forEachBasisDirection(at: x, reusing: &inputs) { seeded in
        gradient[j] = try f(seeded).tangent
        j += 1
    }
}

/// Makes `buffer` hold `element(i)` for i in 0..<count, in place when it already has that length
/// (the steady state of a loop of same-size gradients: no reallocation, no resizing).
@inlinable
func overwrite<E>(_ buffer: inout [E], count: Int, _ element: (Int) -> E) {
    if buffer.count == count {
        for i in 0..<count { buffer[i] = element(i) }
    } else {
        buffer = (0..<count).map(element)
    }
}
