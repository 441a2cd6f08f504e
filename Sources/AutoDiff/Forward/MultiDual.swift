/// A dual number with `n` tangents, `value + Σⱼ tangents[j]·εⱼ` (εᵢεⱼ = 0): forward mode along n
/// directions in one pass, and nestable.
///
/// Evaluating an ℝⁿ → ℝ function once on inputs seeded with the unit vectors (input j's tangent
/// j set to 1) yields the value and the whole gradient: the value (and every intermediate value) is
/// computed once instead of once per `Dual` pass. Each tangent is computed with the rule table's
/// local derivative exactly as `Dual` computes its one tangent, so tangent j equals the `Dual` pass
/// along eⱼ bit for bit. Unlike `VectorDual` (SIMD lanes of plain numbers) the tangents are of any
/// `Scalar` type, so it nests: `MultiDual<2, MultiDual<2, Double>>`, `Reverse<MultiDual<2, Double>>`,
/// `MultiDual<2, Reverse<Double>>` give second derivatives.
///
/// Over `Reverse<Double>` tangents (reverse mode over this forward mode) an untracked zero tangent is
/// a known zero, like JAX's symbolic zeros: its terms `partial · 0` are skipped rather than recorded
/// on the tape, so the constants a nested differentiation lifts into the inner level (the captured
/// outer variables) record nothing. (Where the full formula would add `partial · 0` the result
/// lacks that term: the same number unless the partial is infinite or NaN.) Over other tangent types
/// a multiply-add costs less than the check, and the check is compiled out.
///
/// Cost: one value computation and n tangent updates per operation; no allocation (the tangents
/// are stored inline).
@frozen
public struct MultiDual<let n: Int, T: Scalar>: Scalar {
    /// The primal value.
    public var value: T
    /// The derivatives of `value` along the n seeded directions.
    public var tangents: InlineArray<n, T>

    /// A dual number with explicit tangents.
    @inlinable @inline(__always)
    public init(_ value: T, tangents: InlineArray<n, T>) {
        self.value = value
        self.tangents = tangents
    }

    /// An input seeded along direction `direction` (in `0..<n`): tangent 1 there, 0 elsewhere.
    @inlinable @inline(__always)
    public init(_ value: T, direction: Int) {
        var tangents = InlineArray<n, T>(repeating: 0)
        tangents[direction] = 1
        self.init(value, tangents: tangents)
    }

    /// A constant: every tangent zero.
    @inlinable @inline(__always)
    public init(constant: T) { self.init(constant, tangents: InlineArray(repeating: 0)) }

    /// A constant.
    @inlinable public init(_ constant: Double) { self.init(constant: T(constant)) }

    /// The innermost primal value.
    @inlinable public var doubleValue: Double { value.doubleValue }

    /// Applies a primitive: the value, and every tangent scaled by the rule table's local derivative.
    @inlinable @inline(__always)
    public static func apply(_ op: Unary, _ x: MultiDual) -> MultiDual {
        let y = T.apply(op, x.value)
        if hasKnownZeros, (0..<n).allSatisfy({ isKnownZero(x.tangents[$0]) }) {
            return MultiDual(y, tangents: x.tangents)
        }
        let d = localDerivative(op, at: x.value, value: y)
        // Loops over a copy rather than `InlineArray { … }`: no closure for the inliner to weigh.
        var tangents = x.tangents
        for i in 0..<n where !(hasKnownZeros && isKnownZero(tangents[i])) { tangents[i] = d * tangents[i] }
        return MultiDual(y, tangents: tangents)
    }

    /// Applies a primitive: the value, and the tangents combined by the rule table's local partials.
    @inlinable @inline(__always)
    public static func apply(_ op: Binary, _ a: MultiDual, _ b: MultiDual) -> MultiDual {
        let y = T.apply(op, a.value, b.value)
        let (da, db) = localPartials(op, at: a.value, b.value, value: y)
        var tangents = a.tangents
        for i in 0..<n {
            if hasKnownZeros {
                let aTerm = !isKnownZero(a.tangents[i]) && !isKnownZero(da)
                let bTerm = !isKnownZero(b.tangents[i]) && !isKnownZero(db)
                if !aTerm || !bTerm {
                    tangents[i] = aTerm ? da * a.tangents[i] : bTerm ? db * b.tangents[i] : 0
                    continue
                }
            }
            tangents[i] = da * tangents[i] + db * b.tangents[i]
        }
        return MultiDual(y, tangents: tangents)
    }

    /// Whether tangents are checked for constant zeros: over `Reverse<Double>` only, where a skipped
    /// product is also a tape entry not recorded (a type comparison, which the optimizer folds). Over
    /// `Double` the checks measured 1.6–3.8× slower on the nested evals' ff (they keep the n-tangent
    /// loops from inlining), so there a constant's zero tangent still multiplies its partial.
    @inlinable @inline(__always)
    static var hasKnownZeros: Bool { T.self == Reverse<Double>.self }

    /// Whether `t` is a constant zero (`isConstantZero`, shared with `Dual`).
    @inlinable @inline(__always)
    static func isKnownZero(_ t: T) -> Bool { isConstantZero(t) }

    /// −x, through the rule table.
    @inlinable @inline(__always) public static prefix func - (x: MultiDual) -> MultiDual { apply(.negate, x) }

    /// `value + [tangents]·ε`.
    public var description: String {
        "\(value) + [\((0..<n).map { "\(tangents[$0])" }.joined(separator: ", "))]ε"
    }
}
