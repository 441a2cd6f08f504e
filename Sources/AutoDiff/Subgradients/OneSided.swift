/// A value with its one-sided directional derivative f′(x; d): forward mode that stays exact at
/// kinks.
///
/// Where a kinked primitive (`abs`, `relu`, `max`, `min`) sits exactly on its kink, the piece is
/// chosen by the sign of the selector's *tangent* — the piece the function actually follows when
/// the input moves along d — so the result is the true one-sided derivative
/// lim_{t→0⁺} (f(x + t·d) − f(x)) / t of any composition of the primitives, with no policy and no
/// guess. relu(x) − relu(−x) at 0 has f′(0; 1) = 1 and f′(0; −1) = −1: differentiable, slope 1,
/// where JAX, PyTorch and Swift's `_Differentiation` return 0.
///
/// Where a primitive's derivative is infinite (√ at 0) the function is not Lipschitz; the result
/// then carries a `note` saying where.
///
/// Branches written in user code (`if x > 0`) compare values and are not seen as kinks.
@frozen
public struct OneSided: Scalar {
    /// The value f(x).
    public var value: Double
    /// The one-sided directional derivative f′(x; d).
    public var slope: Double
    /// Why the slope may not be a true derivative (e.g. "not Lipschitz at this point (sqrt at 0)").
    public var note: String?
    /// Whether this value is a constant (does not depend on the input).
    public var isConstant: Bool

    /// A value that moves with slope `slope` along the direction.
    @inlinable public init(_ value: Double, slope: Double) {
        self.value = value
        self.slope = slope
        self.note = nil
        self.isConstant = false
    }

    /// A constant: slope zero.
    @inlinable public init(constant: Double) {
        self.value = constant
        self.slope = 0
        self.note = nil
        self.isConstant = true
    }

    /// A constant.
    @inlinable public init(_ constant: Double) { self.init(constant: constant) }

    /// The value.
    @inlinable public var doubleValue: Double { value }

    /// Applies a primitive; at a kink the piece is the one the selector's tangent sign picks.
    public static func apply(_ op: Unary, _ x: OneSided) -> OneSided {
        let y = Double.apply(op, x.value)
        if x.isConstant { return OneSided(constant: y) }
        let side = op.kink == nil ? Side.above : pieceSide(selector: op.selector(x.value), tangent: op.selector(x.slope))
        var result = OneSided(y, slope: 0)
        result.note = x.note
        result.slope = chainTerm(op.derivative(at: x.value, value: y, side: side), x, op.name, [x.value], &result.note)
        return result
    }

    /// Applies a primitive; at a kink the piece is the one the selector's tangent sign picks (the
    /// selector is linear, so its tangent is the selector of the tangents).
    public static func apply(_ op: Binary, _ a: OneSided, _ b: OneSided) -> OneSided {
        let y = Double.apply(op, a.value, b.value)
        if a.isConstant && b.isConstant { return OneSided(constant: y) }
        let side = op.kink == nil ? Side.above
            : pieceSide(selector: op.selector(a.value, b.value), tangent: op.selector(a.slope, b.slope))
        let (da, db) = op.partials(at: a.value, b.value, value: y, side: side)
        var result = OneSided(y, slope: 0)
        result.note = a.note ?? b.note
        let arguments = [a.value, b.value]
        result.slope = chainTerm(da, a, op.name, arguments, &result.note) + chainTerm(db, b, op.name, arguments, &result.note)
        return result
    }

    /// −x, through the rule table.
    @inlinable public static prefix func - (x: OneSided) -> OneSided { apply(.negate, x) }


    /// `value (slope s)`.
    public var description: String { "\(formatNumber(value)) (slope \(formatNumber(slope)))" }
}

/// The piece of a kinked primitive that applies: by the selector's sign, and on the kink itself by
/// the sign of its tangent (when that is zero too, both pieces agree to first order; take `above`).
@inlinable
func pieceSide(selector s: Double, tangent t: Double) -> Side {
    if s > 0 { return .above }
    if s < 0 || s.isNaN { return .below }
    if t > 0 { return .above }
    if t < 0 || t.isNaN { return .below }
    return .above
}

/// partial · operand's slope; a constant operand contributes nothing, and an infinite partial
/// toward a moving operand records that the function is not Lipschitz there.
func chainTerm(_ partial: Double, _ operand: OneSided, _ name: String, _ arguments: [Double],
               _ note: inout String?) -> Double {
    if operand.isConstant { return 0 }
    if !partial.isFinite, note == nil { note = notLipschitzNote(name, arguments) }
    return partial * operand.slope
}

/// "not Lipschitz at this point (sqrt at 0)".
func notLipschitzNote(_ name: String, _ arguments: [Double]) -> String {
    "not Lipschitz at this point (\(name) at \(arguments.map(formatNumber).joined(separator: ", ")))"
}
