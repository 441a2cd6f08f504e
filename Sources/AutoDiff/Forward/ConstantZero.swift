/// Whether a tangent is a constant zero, whose product with any partial — infinite ones included —
/// is zero and depends on nothing: a zero `Double`, or an untracked zero `Reverse<Double>` (which
/// then need not be recorded either). Forward-mode types skip those products, so that a constant
/// contributes nothing, as in reverse mode, where constants are never recorded (√y at y = 0 has an
/// infinite partial, and x·√y must still have ∂/∂x = √y = 0, not NaN).
///
/// Other tangent types answer false: on nested duals `==` compares primal values only, so a zero
/// primal says nothing about the inner tangents. The type tests fold away when specialized.
@inlinable @inline(__always)
func isConstantZero<T: Scalar>(_ tangent: T) -> Bool {
    if T.self == Double.self { return tangent == 0 }
    guard let r = tangent as? Reverse<Double> else { return false }
    return !r.isTracked && r.value == 0
}
