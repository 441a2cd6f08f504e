/// A number that records every operation applied to it, for `explainNonFinite(at:of:)`: the
/// operation, its operands' values, its value and its local partials (from the rule table).
///
/// A diagnostic type: it allocates per operation and is much slower than `Reverse`.
public struct Traced: Scalar {
    /// The value.
    public let value: Double
    /// The operation number that produced this value; nil for constants.
    let number: Int?
    /// The trace being recorded; nil for constants.
    let trace: TraceRecorder?

    /// A recorded value.
    init(value: Double, number: Int, trace: TraceRecorder) {
        self.value = value
        self.number = number
        self.trace = trace
    }

    /// A constant: not recorded.
    public init(constant: Double) {
        value = constant
        number = nil
        trace = nil
    }

    /// A constant.
    public init(_ constant: Double) { self.init(constant: constant) }

    /// The value.
    public var doubleValue: Double { value }

    /// Applies a primitive and records it.
    public static func apply(_ op: Unary, _ x: Traced) -> Traced {
        let y = Double.apply(op, x.value)
        guard let trace = x.trace else { return Traced(constant: y) }
        let d = localDerivative(op, at: x.value, value: y)
        return trace.record(name: op.name, operands: [x.number], values: [x.value], value: y, partials: [d],
                            call: op.call(x.value))
    }

    /// Applies a primitive and records it.
    public static func apply(_ op: Binary, _ a: Traced, _ b: Traced) -> Traced {
        let y = Double.apply(op, a.value, b.value)
        guard let trace = a.trace ?? b.trace else { return Traced(constant: y) }
        let (da, db) = localPartials(op, at: a.value, b.value, value: y)
        return trace.record(name: op.name, operands: [a.number, b.number], values: [a.value, b.value], value: y,
                            partials: [da, db], call: op.call(a.value, b.value))
    }

    /// −x, through the rule table.
    public static prefix func - (x: Traced) -> Traced { apply(.negate, x) }


    /// The value, and its operation number when recorded.
    public var description: String { formatNumber(value) + (number.map { " (#\($0))" } ?? "") }
}

/// The list of operations a `Traced` evaluation appends to.
final class TraceRecorder {
    /// The operations so far, inputs first.
    private(set) var operations: [TracedOperation] = []

    /// A new input.
    func input(_ index: Int, _ value: Double) -> Traced {
        let number = operations.count
        operations.append(TracedOperation(number: number, input: index, value: value))
        return Traced(value: value, number: number, trace: self)
    }

    /// Appends an operation and returns its value.
    func record(name: String, operands: [Int?], values: [Double], value: Double, partials: [Double],
                call: String) -> Traced {
        let number = operations.count
        operations.append(TracedOperation(number: number, name: name, operands: operands, operandValues: values,
                                          value: value, partials: partials, call: call))
        return Traced(value: value, number: number, trace: self)
    }
}
