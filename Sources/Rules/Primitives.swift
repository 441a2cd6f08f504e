import CPureMath
import Foundation

/// A primitive operation of one argument.
///
/// The set is deliberately small: every other function is built by composing these. A primitive
/// exists either because it cannot be composed (`exp`, `sin`), for accuracy (`log1p`, `expm1`,
/// `tanh`, `sigmoid`, `softplus` are stable where their compositions are not), or because it owns a
/// kink (`abs`, `relu`) whose subdifferential the library must know exactly.
public enum Unary: Hashable, Sendable {
    /// −x.
    case negate
    /// √x, defined for x ≥ 0; its derivative is infinite at 0.
    case sqrt
    /// eˣ.
    case exp
    /// The natural logarithm, defined for x > 0.
    case log
    /// log(1 + x), accurate near 0.
    case log1p
    /// eˣ − 1, accurate near 0.
    case expm1
    /// sin x (radians).
    case sin
    /// cos x (radians).
    case cos
    /// tan x (radians).
    case tan
    /// The hyperbolic tangent.
    case tanh
    /// The logistic function 1 / (1 + e⁻ˣ), evaluated without overflow.
    case sigmoid
    /// log(1 + eˣ), evaluated without overflow.
    case softplus
    /// |x|: a kink at 0 with subdifferential [−1, 1].
    case abs
    /// max(x, 0): a kink at 0 with subdifferential [0, 1].
    case relu
    /// xⁿ for a constant integer n (exact for negative x).
    case powInt(Int)
    /// xᶜ for a constant real c (defined for x > 0, or x ≥ 0 when c > 0).
    case power(Double)

    /// Every primitive, with sample exponents for the parameterised cases (for tests and docs).
    public static let samples: [Unary] = [
        .negate, .sqrt, .exp, .log, .log1p, .expm1, .sin, .cos, .tan, .tanh, .sigmoid, .softplus,
        .abs, .relu, .powInt(0), .powInt(1), .powInt(2), .powInt(3), .powInt(-2), .power(0.5), .power(2.5),
    ]

    /// The name used by parsers and printers (`sqrt`, `relu`, …); powers are named `pow`.
    public var name: String {
        switch self {
        case .negate: "neg"
        case .sqrt: "sqrt"
        case .exp: "exp"
        case .log: "log"
        case .log1p: "log1p"
        case .expm1: "expm1"
        case .sin: "sin"
        case .cos: "cos"
        case .tan: "tan"
        case .tanh: "tanh"
        case .sigmoid: "sigmoid"
        case .softplus: "softplus"
        case .abs: "abs"
        case .relu: "relu"
        case .powInt, .power: "pow"
        }
    }

    /// Looks a named function of one argument up (`"sqrt"` → `.sqrt`); nil for unknown names.
    public init?(name: String) {
        let named: [String: Unary] = [
            "sqrt": .sqrt, "exp": .exp, "log": .log, "ln": .log, "log1p": .log1p, "expm1": .expm1,
            "sin": .sin, "cos": .cos, "tan": .tan, "tanh": .tanh, "sigmoid": .sigmoid,
            "softplus": .softplus, "abs": .abs, "relu": .relu,
        ]
        guard let op = named[name] else { return nil }
        self = op
    }

    /// The primitive's value at `x` in double precision.
    @inlinable @inline(__always)
    public func evaluate(_ x: Double) -> Double {
        switch self {
        case .negate: return -x
        case .sqrt: return Foundation.sqrt(x)
        case .exp: return slope_pure_exp(x)
        case .log: return slope_pure_log(x)
        case .log1p: return slope_pure_log1p(x)
        case .expm1: return slope_pure_expm1(x)
        case .sin: return slope_pure_sin(x)
        case .cos: return slope_pure_cos(x)
        case .tan: return slope_pure_tan(x)
        case .tanh: return slope_pure_tanh(x)
        case .sigmoid:
            if x >= 0 { return 1 / (1 + slope_pure_exp(-x)) }
            let e = slope_pure_exp(x)
            return e / (1 + e)
        case .softplus:
            return Swift.max(x, 0) + slope_pure_log1p(slope_pure_exp(-Swift.abs(x)))
        case .abs: return Swift.abs(x)
        case .relu: return x.isNaN ? x : (x > 0 ? x : 0)
        case .powInt(let n):
            switch n {
            case 0: return 1
            case 1: return x
            case 2: return x * x
            case 3: return x * x * x
            default: return slope_pure_pow(x, Double(n))
            }
        case .power(let c): return slope_pure_pow(x, c)
        }
    }
}

/// A primitive operation of two arguments.
public enum Binary: Hashable, Sendable, CaseIterable {
    /// a + b.
    case add
    /// a − b.
    case subtract
    /// a · b.
    case multiply
    /// a / b.
    case divide
    /// aᵇ with a variable exponent; defined for a > 0 (use `Unary.powInt`/`.power` for constant exponents).
    case pow
    /// The larger argument: a kink where a = b, with subdifferential the segment between (1, 0) and (0, 1).
    case max
    /// The smaller argument: a kink where a = b, like `max`.
    case min

    /// The name used by parsers and printers: the operator symbol or the function name.
    public var name: String {
        switch self {
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        case .divide: "/"
        case .pow: "^"
        case .max: "max"
        case .min: "min"
        }
    }

    /// The primitive's value at `(a, b)` in double precision. `max` and `min` propagate NaN.
    @inlinable @inline(__always)
    public func evaluate(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .pow: return slope_pure_pow(a, b)
        case .max: return a.isNaN || b.isNaN ? .nan : (a >= b ? a : b)
        case .min: return a.isNaN || b.isNaN ? .nan : (a <= b ? a : b)
        }
    }
}
