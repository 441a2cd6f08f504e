// Vector forward-mode transforms: one evaluation on `VectorDual` per chunk of `width` inputs.

/// The m×n Jacobian of an ℝⁿ → ℝᵐ function by vector forward mode: ⌈n / w⌉ passes, each seeding
/// w = `Tangent.scalarCount` inputs at once (one lane each). Same result as
/// `forwardJacobian(at:of:)`, with w times fewer passes.
///
/// ```swift
/// forwardJacobian(at: [1.0, 2], width: SIMD2<Double>.self) { v in [v[0] * v[1], v[0] + v[1]] }
/// // [[2, 1], [1, 1]]
/// ```
@inlinable
public func forwardJacobian<Tangent: SIMD>(
    at x: [Tangent.Scalar], width: Tangent.Type,
    of f: ([VectorDual<Tangent>]) throws -> [VectorDual<Tangent>]
) rethrows -> [[Tangent.Scalar]] {
    var rows: [[Tangent.Scalar]] = []
    try forEachVectorChunk(at: x, width: width) { first, inputs in
        let outputs = try f(inputs)
        if rows.isEmpty { rows = outputs.map { _ in [] } }
        for (i, output) in outputs.enumerated() {
            for lane in 0..<min(Tangent.scalarCount, x.count - first) { rows[i].append(output.tangent[lane]) }
        }
    }
    return rows
}

/// The gradient of an ℝⁿ → ℝ function by vector forward mode: ⌈n / w⌉ passes of w directions.
@inlinable
public func forwardGradient<Tangent: SIMD>(
    at x: [Tangent.Scalar], width: Tangent.Type,
    of f: ([VectorDual<Tangent>]) throws -> VectorDual<Tangent>
) rethrows -> [Tangent.Scalar] {
    var gradient: [Tangent.Scalar] = []
    gradient.reserveCapacity(x.count)
    try forEachVectorChunk(at: x, width: width) { first, inputs in
        let tangent = try f(inputs).tangent
        for lane in 0..<min(Tangent.scalarCount, x.count - first) { gradient.append(tangent[lane]) }
    }
    return gradient
}

/// Calls `body` once per chunk of `Tangent.scalarCount` consecutive inputs, starting at input
/// `first`, with inputs first + k seeded along lane k and every other input constant.
@inlinable
func forEachVectorChunk<Tangent: SIMD>(
    at x: [Tangent.Scalar], width: Tangent.Type,
    _ body: (_ first: Int, [VectorDual<Tangent>]) throws -> Void
) rethrows {
    var inputs = x.map { VectorDual<Tangent>(constant: $0) }
    for first in stride(from: 0, to: x.count, by: Tangent.scalarCount) {
        let chunk = first..<min(first + Tangent.scalarCount, x.count)
        for j in chunk { inputs[j].tangent[j - first] = 1 }
        try body(first, inputs)
        for j in chunk { inputs[j].tangent = Tangent() }
    }
}
