/// A dual number `value + tangent·ε` with ε² = 0: forward-mode automatic differentiation.
///
/// Evaluating a `Scalar`-generic function on duals whose tangents are a direction v yields the
/// function's value and its directional derivative ∇f·v in one pass. Nesting (`Dual<Dual<Double>>`)
/// gives higher derivatives; each level is a distinct type, so perturbations of different levels
/// can never be confused. Lift an outer value into an inner level with `Dual(constant:)`.
///
/// Cost: about twice the primal's arithmetic, no allocation.
@frozen
public struct Dual<T: Scalar>: Scalar {
    /// The primal value.
    public var value: T
    /// The derivative of `value` along the seeded direction.
    public var tangent: T

    /// A dual number with an explicit tangent.
    @inlinable public init(_ value: T, tangent: T) {
        self.value = value
        self.tangent = tangent
    }

    /// A constant: tangent zero.
    @inlinable public init(constant: T) { self.init(constant, tangent: 0) }

    /// A constant.
    @inlinable public init(_ constant: Double) { self.init(constant: T(constant)) }

    /// The innermost primal value.
    @inlinable public var doubleValue: Double { value.doubleValue }

    /// Applies a primitive: the value, and the tangent by the rule table's local derivative.
    @inlinable @inline(__always)
    public static func apply(_ op: Unary, _ x: Dual) -> Dual {
        let y = T.apply(op, x.value)
        return Dual(y, tangent: scaled(x.tangent, by: localDerivative(op, at: x.value, value: y)))
    }

    /// Applies a primitive: the value, and the tangent by the rule table's local partials.
    @inlinable @inline(__always)
    public static func apply(_ op: Binary, _ a: Dual, _ b: Dual) -> Dual {
        let y = T.apply(op, a.value, b.value)
        let (da, db) = localPartials(op, at: a.value, b.value, value: y)
        return Dual(y, tangent: scaled(a.tangent, by: da) + scaled(b.tangent, by: db))
    }

    /// `partial · tangent`, zero for a constant-zero tangent (see `isConstantZero`); when the
    /// tangent is a literal zero after inlining, the product folds away.
    @inlinable @inline(__always)
    static func scaled(_ tangent: T, by partial: T) -> T {
        isConstantZero(tangent) ? 0 : partial * tangent
    }

    /// −x, through the rule table.
    @inlinable @inline(__always) public static prefix func - (x: Dual) -> Dual { apply(.negate, x) }


    /// `value + tangent·ε`.
    public var description: String { "\(value) + \(tangent)ε" }
}
