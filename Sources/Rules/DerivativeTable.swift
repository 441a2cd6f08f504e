/// Which piece of a kinked primitive applies: the one below its kink or the one above.
///
/// Kinked primitives (`abs`, `relu`, `max`, `min`) are two smooth pieces joined where a *selector*
/// changes sign (x for `abs` and `relu`, a − b for `max`, b − a for `min`). Away from the kink the
/// selector's sign picks the piece; at the kink a `KinkPolicy` or a direction does.
public enum Side: Sendable {
    /// The piece where the selector is negative.
    case below
    /// The piece where the selector is positive (also used by smooth primitives).
    case above
}

/// What the table knows about a primitive's kink.
public struct KinkRule: Sendable, Equatable {
    /// The weight θ on the `above` piece that gives the minimum-norm element of the subdifferential
    /// `(1 − θ)·below + θ·above`: ½ for `abs` (→ 0), 0 for `relu` (→ 0), ½ for `max`/`min` (→ (½, ½)).
    public let minimumNormWeight: Double

    /// Creates a kink rule.
    @inlinable public init(minimumNormWeight: Double) { self.minimumNormWeight = minimumNormWeight }
}

// MARK: - THE derivative table
//
// Each case gives the local partial derivative in terms of the input(s) and the already-computed
// output y. Every mode reads these two functions and nothing else.

extension Unary {
    /// dy/dx at `x`, where `y` is the primitive's value there; `side` picks the piece of a kinked
    /// primitive and is ignored by smooth ones.
    @inlinable @inline(__always)
    public func derivative<T: ScalarArithmetic>(at x: T, value y: T, side: Side = .above) -> T {
        switch self {
        case .negate: return -1
        case .sqrt: return 1 / (2 * y)
        case .exp: return y
        case .log: return 1 / x
        case .log1p: return 1 / (1 + x)
        case .expm1: return y + 1
        case .sin: return T.apply(.cos, x)
        case .cos: return -T.apply(.sin, x)
        case .tan: return 1 + y * y
        case .tanh: return 1 - y * y
        case .sigmoid: return y * (1 - y)
        case .softplus: return T.apply(.sigmoid, x)
        case .abs: return side == .above ? 1 : -1
        case .relu: return side == .above ? 1 : 0
        case .powInt(let n):
            switch n {
            case 0: return 0
            case 1: return 1
            case 2: return 2 * x
            default: return T(Double(n)) * T.apply(.powInt(n - 1), x)
            }
        case .power(let c): return T(c) * T.apply(.power(c - 1), x)
        }
    }

    /// The kink this primitive owns, or nil for smooth primitives.
    @inlinable @inline(__always)
    public var kink: KinkRule? {
        switch self {
        case .abs: return KinkRule(minimumNormWeight: 0.5)
        case .relu: return KinkRule(minimumNormWeight: 0)
        default: return nil
        }
    }

    /// The quantity whose sign selects the piece (for `abs` and `relu`, x itself).
    @inlinable
    public func selector<T: ScalarArithmetic>(_ x: T) -> T { x }
}

extension Binary {
    /// (∂y/∂a, ∂y/∂b) at `(a, b)`, where `y` is the primitive's value there; `side` picks the piece
    /// of `max`/`min` and is ignored by smooth ones.
    @inlinable @inline(__always)
    public func partials<T: ScalarArithmetic>(at a: T, _ b: T, value y: T, side: Side = .above) -> (T, T) {
        switch self {
        case .add: return (1, 1)
        case .subtract: return (1, -1)
        case .multiply: return (b, a)
        case .divide:
            let reciprocal = 1 / b
            return (reciprocal, -y * reciprocal)
        case .pow: return (b * T.apply(.pow, a, b - 1), y * T.apply(.log, a))
        case .max, .min: return side == .above ? (1, 0) : (0, 1)
        }
    }

    /// The kink this primitive owns, or nil for smooth primitives.
    @inlinable @inline(__always)
    public var kink: KinkRule? {
        switch self {
        case .max, .min: return KinkRule(minimumNormWeight: 0.5)
        default: return nil
        }
    }

    /// The quantity whose sign selects the piece: a − b for `max` (positive: a is taken), b − a for
    /// `min` (positive: a is taken).
    @inlinable
    public func selector<T: ScalarArithmetic>(_ a: T, _ b: T) -> T {
        self == .min ? b - a : a - b
    }
}
