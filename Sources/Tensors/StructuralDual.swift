import CContraction
import Rules

/// A dual number `value + tangent·ε` whose tangent may be a structural zero: forward mode with
/// symbolic zeros, the scalar the scan and stencil pullbacks evaluate a kernel's body on.
///
/// `isZero` says the tangent is zero by construction (a constant, or computed from constants
/// only), not by value. The pullbacks seed one input at a time with literal flags, so after
/// inlining every flag is a compile-time constant: a term whose tangent is structurally zero is
/// never computed, and no comparison is left in the loop (unlike `Dual`, which tests tangents for
/// zero at run time). So the body's partials cost what a hand-written chain rule costs, and a
/// carried value that does not depend on another leaves no dependence on it in the backward loop.
/// Every nonzero tangent is the rule table's local derivative times the operands' tangents, as in
/// `Dual` (a run-time zero tangent is multiplied like any other number).
@frozen @usableFromInline
struct StructuralDual: Scalar {
    /// The primal value.
    @usableFromInline var value: Double
    /// The derivative of `value` along the seeded direction (0 when `isZero`).
    @usableFromInline var tangent: Double
    /// Whether the tangent is zero by construction.
    @usableFromInline var isZero: Bool

    /// A dual number with a tangent that is not known to be zero.
    @inlinable @inline(__always)
    init(_ value: Double, tangent: Double) {
        self.value = value
        self.tangent = tangent
        isZero = false
    }

    /// A constant: a structurally zero tangent.
    @inlinable @inline(__always)
    init(_ constant: Double) {
        value = constant
        tangent = 0
        isZero = true
    }

    /// An input of a body evaluated for one partial: tangent 1 if it is the seeded input, else a
    /// structural zero.
    @inlinable @_transparent
    init(_ value: Double, seeded: Bool) {
        self = seeded ? StructuralDual(value, tangent: 1) : StructuralDual(value)
    }

    /// The primal value.
    @inlinable var doubleValue: Double { value }

    /// Applies a primitive: the value, and the tangent by the rule table's local derivative unless
    /// the argument's tangent is a structural zero.
    @inlinable @inline(__always)
    static func apply(_ op: Unary, _ x: StructuralDual) -> StructuralDual {
        let y = Double.apply(op, x.value)
        if x.isZero { return StructuralDual(y) }
        return StructuralDual(y, tangent: localDerivative(op, at: x.value, value: y) * x.tangent)
    }

    /// Applies a primitive: the value, and the tangent by the rule table's local partials, with
    /// the terms of structurally zero tangents left out.
    @inlinable @inline(__always)
    static func apply(_ op: Binary, _ a: StructuralDual, _ b: StructuralDual) -> StructuralDual {
        let y = Double.apply(op, a.value, b.value)
        if a.isZero && b.isZero { return StructuralDual(y) }
        let (da, db) = localPartials(op, at: a.value, b.value, value: y)
        if a.isZero { return StructuralDual(y, tangent: db * b.tangent) }
        if b.isZero { return StructuralDual(y, tangent: da * a.tangent) }
        // A multiply–add the compiler may fuse (one rounding fewer, one instruction fewer).
        return StructuralDual(y, tangent: slope_multiply_add(da, a.tangent, db * b.tangent))
    }

    /// −x, through the rule table.
    @inlinable @inline(__always)
    static prefix func - (x: StructuralDual) -> StructuralDual { apply(.negate, x) }

    /// `value + tangentε` (`value + 0ε` for a structural zero).
    @usableFromInline var description: String { isZero ? "\(value) + 0ε" : "\(value) + \(tangent)ε" }
}
