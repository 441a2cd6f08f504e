// Gradient transforms that write into caller-owned storage and reuse a `GradientWorkspace`: the
// same derivatives as `gradient(at:of:)` and `forwardGradient(at:of:)`, without per-call allocation.

/// The value of an ℝⁿ → ℝ function at `x`, with its reverse-mode gradient written into `gradient`
/// (resized to `x.count`). Records on the workspace's tape, so repeated calls allocate nothing once
/// the buffers have grown to size.
///
/// ```swift
/// let workspace = GradientWorkspace<Double>()
/// var g: [Double] = []
/// valueWithGradient(at: [1.0, 2], into: &g, using: workspace) { v in v[0] * v[1] }   // 2, g == [2, 1]
/// ```
@inlinable
@discardableResult
public func valueWithGradient<T: Scalar>(at x: [T], into gradient: inout [T], using workspace: GradientWorkspace<T>,
                                         of f: ([Reverse<T>]) throws -> Reverse<T>) rethrows -> T {
    let tape = workspace.tape
    // The buffers are moved out for the call and back after it: one access each to the class's
    // properties rather than one per element.
    var inputs: [Reverse<T>] = [], adjoints: [T] = []
    swap(&inputs, &workspace.reverseInputs)
    swap(&adjoints, &workspace.adjoints)
    defer {
        swap(&inputs, &workspace.reverseInputs)
        swap(&adjoints, &workspace.adjoints)
    }
    tape.reset()
    inputs.removeAll(keepingCapacity: true)
    for value in x { inputs.append(tape.variable(value)) }
    let y = try f(inputs)
    gradient.removeAll(keepingCapacity: true)
    guard let storage = y.storage else {
        gradient.append(contentsOf: repeatElement(0, count: x.count))
        return y.value
    }
    precondition(storage == tape.storage, "the result was computed on another differentiation's tape")
    tape.adjoints(seeds: CollectionOfOne((y.slot, 1)), into: &adjoints)
    // `variable` gave the inputs consecutive slots: their adjoints are one contiguous run.
    if let first = inputs.first.map({ Int($0.slot) }) {
        gradient.append(contentsOf: adjoints[first ..< first + x.count])
    }
    return withExtendedLifetime(tape) { y.value }
}

/// The forward-mode gradient of an ℝⁿ → ℝ function at `x` (n passes), written into `gradient`
/// (resized to `x.count`); the seeded inputs live in the workspace, so repeated calls allocate nothing.
@inlinable
public func forwardGradient<T: Scalar>(at x: [T], into gradient: inout [T], using workspace: GradientWorkspace<T>,
                                       of f: ([Dual<T>]) throws -> Dual<T>) rethrows {
    var inputs: [Dual<T>] = []  // moved out and back, as in `valueWithGradient(at:into:using:of:)`
    swap(&inputs, &workspace.forwardInputs)
    defer { swap(&inputs, &workspace.forwardInputs) }
    inputs.removeAll(keepingCapacity: true)
    for value in x { inputs.append(Dual(value, tangent: 0)) }
    gradient.removeAll(keepingCapacity: true)
    for j in x.indices {
        inputs[j].tangent = 1
        gradient.append(try f(inputs).tangent)
        inputs[j].tangent = 0
    }
}
