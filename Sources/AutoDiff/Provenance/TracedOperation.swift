/// One operation recorded by a `Traced` evaluation: what it computed, from what, and its local
/// partials (from the rule table, under the kink policy in force).
public struct TracedOperation: Sendable, Equatable, CustomStringConvertible {
    /// The operation number (`#3`); inputs come first, numbered from 0.
    public let number: Int
    /// The primitive's name (`sqrt`, `*`, `max`), or `x[i]` for an input.
    public let name: String
    /// The operation numbers of the operands; nil for a constant operand.
    public let operands: [Int?]
    /// The operands' values.
    public let operandValues: [Double]
    /// The value computed.
    public let value: Double
    /// ∂value/∂operand for each operand.
    public let partials: [Double]
    /// For an input, its index in x; nil otherwise.
    public let inputIndex: Int?
    /// The call as text with the operands' values: `sqrt(0)`, `0 * 0`, `max(1, 2)`, `x[0]`.
    public let call: String

    /// `sqrt(0) = 0`.
    public var description: String { "\(call) = \(formatNumber(value))" }

    /// An input.
    init(number: Int, input index: Int, value: Double) {
        self.init(number: number, name: "x[\(index)]", operands: [], operandValues: [], value: value,
                  partials: [], inputIndex: index, call: "x[\(index)]")
    }

    /// A recorded operation.
    init(number: Int, name: String, operands: [Int?], operandValues: [Double], value: Double,
         partials: [Double], inputIndex: Int? = nil, call: String) {
        self.number = number
        self.name = name
        self.operands = operands
        self.operandValues = operandValues
        self.value = value
        self.partials = partials
        self.inputIndex = inputIndex
        self.call = call
    }
}

extension Unary {
    /// The call as text: `sqrt(0)`, `-2`, `pow(3, 2)`.
    func call(_ x: Double) -> String {
        switch self {
        case .negate: "-\(formatNumber(x))"
        case .powInt(let n): "pow(\(formatNumber(x)), \(n))"
        case .power(let c): "pow(\(formatNumber(x)), \(formatNumber(c)))"
        default: "\(name)(\(formatNumber(x)))"
        }
    }
}

extension Binary {
    /// The call as text: `0 * 0`, `max(1, 2)`.
    func call(_ a: Double, _ b: Double) -> String {
        switch self {
        case .max, .min: "\(name)(\(formatNumber(a)), \(formatNumber(b)))"
        default: "\(formatNumber(a)) \(name) \(formatNumber(b))"
        }
    }
}
