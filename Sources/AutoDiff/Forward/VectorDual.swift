/// A dual number whose tangent is a vector: vector (multi-direction) forward mode.
///
/// Where `Dual` carries one directional derivative, `VectorDual` carries `Tangent.scalarCount` of
/// them in a SIMD vector, one lane per direction. Seeding input j with the unit vector eⱼ (lane j
/// set to 1) and evaluating a `Scalar`-generic function once yields up to `scalarCount` columns of
/// its Jacobian: a 2×15 block from one pass with `SIMD16<Double>` instead of 15 `Dual` passes.
///
/// ```swift
/// let x = VectorDual<SIMD2<Double>>(3, direction: 0), y = VectorDual<SIMD2<Double>>(2, direction: 1)
/// (x * y).tangent   // SIMD2(2, 3): ∂(xy)/∂x, ∂(xy)/∂y
/// ```
///
/// Every lane is computed with the rule table's local derivative, exactly as `Dual` computes its one
/// tangent, so lane j equals the `Dual` pass along eⱼ. It does not nest (a SIMD lane is a plain
/// number); for higher derivatives use `Dual`/`Reverse` nestings.
///
/// Cost: one value computation and one vector multiply-add per operation (per input of it); no
/// allocation.
@frozen
public struct VectorDual<Tangent: SIMD>: Scalar where Tangent.Scalar: Scalar & BinaryFloatingPoint {
    /// The primal value.
    public var value: Tangent.Scalar
    /// The derivatives of `value`, one lane per seeded direction.
    public var tangent: Tangent

    /// A vector dual number with explicit tangents.
    @inlinable public init(_ value: Tangent.Scalar, tangent: Tangent) {
        self.value = value
        self.tangent = tangent
    }

    /// An input seeded along lane `direction` (in `0..<width`): its tangent is the unit vector with
    /// a 1 there.
    ///
    /// The unit vector is built in memory, one lane at a time, and then read as a whole vector,
    /// which stalls the processor's store forwarding: in a hot loop, build the seeds once
    /// (`VectorDual(0, direction: k).tangent`) and reuse them with `init(_:tangent:)`.
    @inlinable public init(_ value: Tangent.Scalar, direction: Int) {
        var tangent = Tangent()
        tangent[direction] = 1
        self.init(value, tangent: tangent)
    }

    /// A constant: every tangent lane zero.
    @inlinable public init(constant: Tangent.Scalar) { self.init(constant, tangent: Tangent()) }

    /// A constant.
    @inlinable public init(_ constant: Double) { self.init(constant: Tangent.Scalar(constant)) }

    /// The primal value as a `Double`.
    @inlinable public var doubleValue: Double { value.doubleValue }

    /// The number of directions carried (the tangent's lane count).
    @inlinable public static var width: Int { Tangent.scalarCount }

    /// Applies a primitive: the value, and every tangent lane scaled by the rule table's local
    /// derivative.
    @inlinable @inline(__always)
    public static func apply(_ op: Unary, _ x: VectorDual) -> VectorDual {
        let y = Tangent.Scalar.apply(op, x.value)
        return VectorDual(y, tangent: localDerivative(op, at: x.value, value: y) * x.tangent)
    }

    /// Applies a primitive: the value, and the tangents combined by the rule table's local partials.
    @inlinable @inline(__always)
    public static func apply(_ op: Binary, _ a: VectorDual, _ b: VectorDual) -> VectorDual {
        let y = Tangent.Scalar.apply(op, a.value, b.value)
        let (da, db) = localPartials(op, at: a.value, b.value, value: y)
        return VectorDual(y, tangent: da * a.tangent + db * b.tangent)
    }

    /// x · c for a constant c: the value and the tangent lanes by the rule table's partial of the
    /// product with respect to x; c's tangent is zero, so its term is left out rather than computed.
    @inlinable @inline(__always)
    public func scaled(by c: Double) -> VectorDual {
        let constant = Tangent.Scalar(c)
        let y = Tangent.Scalar.apply(.multiply, value, constant)
        return VectorDual(y, tangent: localPartials(.multiply, at: value, constant, value: y).0 * tangent)
    }

    // + − × ÷ are `ScalarArithmetic`'s defaults, which are always inlined, so the operation is a
    // constant and its rule-table case folds away.

    /// −x, through the rule table.
    @inlinable @inline(__always)
    public static prefix func - (x: VectorDual) -> VectorDual { apply(.negate, x) }

    /// `value + [tangent]·ε`.
    public var description: String {
        "\(value) + [\((0..<Tangent.scalarCount).map { "\(tangent[$0])" }.joined(separator: ", "))]ε"
    }
}
