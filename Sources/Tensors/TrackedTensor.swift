import Rules

/// A tensor recorded on a `TensorTape` (or a constant, which is not recorded): the values tensor
/// reverse mode computes with.
///
/// Every operation appends one entry for the whole tensor, so differentiating a loss over a
/// million-row matrix costs a handful of tape entries, not millions.
///
/// ```swift
/// let (loss, grads) = try tensorValueWithGradient(at: [w]) { p in
///     try (X.matvec(p[0]) - y).applying(.powInt(2)).mean()
/// }
/// ```
public struct TrackedTensor: @unchecked Sendable {
    /// The value.
    public let value: Tensor
    let id: Int?
    let tape: TensorTape?

    init(value: Tensor, id: Int?, tape: TensorTape?) {
        self.value = value
        self.id = id
        self.tape = tape
    }

    /// A constant: not recorded, no gradient flows into it.
    public init(constant: Tensor) { self.init(value: constant, id: nil, tape: nil) }

    /// The shape of the value.
    public var shape: [Int] { value.shape }

    /// Records `result` as `operation` of the operands (or returns a constant when none is tracked).
    static func record(_ operation: TensorOperation, _ result: Tensor, _ operands: [TrackedTensor]) throws -> TrackedTensor {
        guard let tape = try commonTape(operands) else { return TrackedTensor(constant: result) }
        return tape.record(operation, result, operands: operands.map(\.value), parents: operands.map(\.id))
    }

    /// `record` given the operands' values already gathered (`values[i]` is `operands[i].value`), so
    /// an operation that computed with them does not build the array a second time.
    static func record(_ operation: TensorOperation, _ result: Tensor, values: [Tensor], _ operands: [TrackedTensor]) throws -> TrackedTensor {
        guard let tape = try commonTape(operands) else { return TrackedTensor(constant: result) }
        return tape.record(operation, result, operands: values, parents: operands.map(\.id))
    }

    /// `record` for two operands, without an array of tracked tensors (the most frequent case).
    static func record(_ operation: TensorOperation, _ result: Tensor, _ a: TrackedTensor, _ b: TrackedTensor) throws -> TrackedTensor {
        guard let tape = a.tape ?? b.tape else { return TrackedTensor(constant: result) }
        if let other = b.tape, other !== tape { throw TensorError.foreignValue }
        return tape.record(operation, result, operands: [a.value, b.value], parents: [a.id, b.id])
    }

    /// The one tape the tracked operands share (nil when all are constants); throws
    /// `TensorError.foreignValue` when they are on different tapes.
    static func commonTape(_ operands: [TrackedTensor]) throws -> TensorTape? {
        var tape: TensorTape?
        // By index: only each operand's tape is read, its value is not copied.
        for i in operands.indices {
            guard let other = operands[i].tape else { continue }
            if let tape, tape !== other { throw TensorError.foreignValue }
            tape = other
        }
        return tape
    }

    /// The one tape of two or three operands (nil when all are constants), without an array of them.
    static func commonTape(_ a: TrackedTensor, _ b: TrackedTensor, _ c: TrackedTensor? = nil) throws -> TensorTape? {
        var tape = a.tape
        func join(_ other: TensorTape?) throws {
            guard let other else { return }
            if let tape, tape !== other { throw TensorError.foreignValue }
            tape = other
        }
        try join(b.tape)
        try join(c?.tape)
        return tape
    }

    /// A primitive of one argument, elementwise.
    public func applying(_ op: Unary) throws -> TrackedTensor {
        try Self.record(.unary(op), value.applying(op), [self])
    }

    /// A primitive of two arguments, elementwise with broadcasting.
    public static func applying(_ op: Binary, _ a: TrackedTensor, _ b: TrackedTensor) throws -> TrackedTensor {
        try record(.binary(op), Tensor.applying(op, a.value, b.value), a, b)
    }

    /// a + b, broadcasting.
    public static func + (a: TrackedTensor, b: TrackedTensor) throws -> TrackedTensor { try applying(.add, a, b) }
    /// a − b, broadcasting.
    public static func - (a: TrackedTensor, b: TrackedTensor) throws -> TrackedTensor { try applying(.subtract, a, b) }
    /// a · b, broadcasting.
    public static func * (a: TrackedTensor, b: TrackedTensor) throws -> TrackedTensor { try applying(.multiply, a, b) }
    /// a / b, broadcasting.
    public static func / (a: TrackedTensor, b: TrackedTensor) throws -> TrackedTensor { try applying(.divide, a, b) }
    /// a + constant, broadcasting.
    public static func + (a: TrackedTensor, b: Tensor) throws -> TrackedTensor { try applying(.add, a, TrackedTensor(constant: b)) }
    /// a − constant, broadcasting.
    public static func - (a: TrackedTensor, b: Tensor) throws -> TrackedTensor { try applying(.subtract, a, TrackedTensor(constant: b)) }
    /// a · constant, broadcasting.
    public static func * (a: TrackedTensor, b: Tensor) throws -> TrackedTensor { try applying(.multiply, a, TrackedTensor(constant: b)) }

    /// Matrix–vector product (self is the matrix).
    public func matvec(_ x: TrackedTensor) throws -> TrackedTensor {
        try Self.record(.matvec, value.matvec(x.value), [self, x])
    }

    /// The transposed product Aᵀ·v (self is the m×n matrix A, v has m entries) without forming Aᵀ.
    public func transposedMatvec(_ v: TrackedTensor) throws -> TrackedTensor {
        try Self.record(.transposedMatvec, value.transposedMatvec(v.value), [self, v])
    }

    /// Matrix–matrix product.
    public func matmul(_ b: TrackedTensor) throws -> TrackedTensor {
        try Self.record(.matmul, value.matmul(b.value), [self, b])
    }

    /// log Σ exp along an axis, one tape entry (its pullback is the chain rule through the rule
    /// table's log and exp).
    public func logSumExp(alongAxis axis: Int) throws -> TrackedTensor {
        guard tape != nil else { return TrackedTensor(constant: try value.logSumExp(alongAxis: axis)) }
        // The forward exponentials and reciprocal sums are kept (as constant operands) for the pullback.
        let (result, exponentials, reciprocals) = try value.logSumExpKeepingExponentials(alongAxis: axis, keeping: true)
        guard let exponentials, let reciprocals else { return try Self.record(.logSumExpAlongAxis(axis), result, [self]) }
        return try Self.record(.logSumExpAlongAxis(axis), result,
                               [self, TrackedTensor(constant: exponentials), TrackedTensor(constant: reciprocals)])
    }

    /// Σₖ op(xₖ) along an axis in one pass and one tape entry (its pullback multiplies by the rule
    /// table's derivative of `op`); `sum(applying: .powInt(2), alongAxis:)` gives squared norms.
    public func sum(applying op: Unary, alongAxis axis: Int) throws -> TrackedTensor {
        try Self.record(.sumApplying(op, axis: axis), value.sum(applying: op, alongAxis: axis), [self])
    }

    /// The d×d matrix with this vector's entries in its strictly lower triangle, column by column.
    public func strictlyLowerTriangular(size d: Int) throws -> TrackedTensor {
        try Self.record(.strictlyLowerTriangular, value.strictlyLowerTriangular(size: d), [self])
    }

    /// Matrix transpose.
    public func transposed() throws -> TrackedTensor {
        try Self.record(.transpose, value.transposed(), [self])
    }

    /// The same scalars with another shape.
    public func reshaped(_ shape: [Int]) throws -> TrackedTensor {
        try Self.record(.reshape, value.reshaped(shape), [self])
    }

    /// The sum of all scalars (rank 0).
    public func sum() throws -> TrackedTensor { try Self.record(.sum, value.sum(), [self]) }

    /// The mean of all scalars (rank 0): the sum times the constant 1/count.
    public func mean() throws -> TrackedTensor { try sum() * Tensor(1 / Double(value.count)) }

    /// The sum along an axis.
    public func sum(alongAxis axis: Int) throws -> TrackedTensor {
        try Self.record(.sumAlongAxis(axis), value.sum(alongAxis: axis), [self])
    }

    /// The mean along an axis.
    public func mean(alongAxis axis: Int) throws -> TrackedTensor {
        try sum(alongAxis: axis) * Tensor(1 / Double(value.shape[axis]))
    }

    /// The maximum along an axis (ties are kinks of `max`, resolved by the current `KinkPolicy`).
    public func max(alongAxis axis: Int) throws -> TrackedTensor {
        try Self.record(.maxAlongAxis(axis), value.max(alongAxis: axis), [self])
    }
}
