/// A value with a convex set of generalized (Clarke) gradients: subgradient propagation for
/// functions ℝⁿ → ℝ built from the primitives.
///
/// Each operation applies the set rules of Clarke's calculus, reading its local partials from the
/// rule table:
/// - a smooth primitive (or a kinked one away from its kink) with partials pᵢ maps the operands'
///   sets Sᵢ to the Minkowski sum Σ pᵢ·Sᵢ — exact when at most one operand is non-smooth, or when
///   every term pᵢ·uᵢ is regular (or every one is concave-regular);
/// - a kinked primitive on its kink (|u| at u = 0, max on a tie) gives the convex hull of its two
///   pieces applied to the operand sets — exact when the pieces are regular for a convex kink
///   (`max`, `abs`, `relu`) or concave-regular for a concave one (`min`).
///
/// Regularity is tracked alongside (smooth functions, non-negative combinations and maxima of
/// regular functions are regular), so |x| + |x − 1| at 0 comes out exact. Where the rules cannot
/// decide, the set is a sound superset and `exact` is false; `subdifferential(at:of:)` then tries
/// to decide with exact one-sided (lexicographic) derivatives carried alongside.
public struct SubgradientSet: Scalar {
    /// The value f(x).
    public let value: Double
    /// Vertices of a convex set containing the subdifferential; a shorter vector is zero-padded
    /// (a constant has the single vertex `[]`, the zero vector).
    public let vertices: [[Double]]
    /// Whether the set equals the Clarke subdifferential.
    public let exact: Bool
    /// Whether the function is known to be Clarke regular here (convex-like: f′(x; d) = f°(x; d)).
    public let regular: Bool
    /// Whether −f is known to be Clarke regular here (concave-like).
    public let negationRegular: Bool
    /// False once a primitive's derivative was infinite toward a moving operand (√ at 0): the
    /// function is not Lipschitz there and has no Clarke subdifferential.
    public let lipschitz: Bool
    /// Why the set may not be exact, when known.
    public let note: String?
    /// Whether this value does not depend on the inputs.
    public let isConstant: Bool
    /// Exact one-sided tangents along the probe bases, row after row (`probeWidth` per row); empty
    /// for constants.
    @usableFromInline let probes: [Double]
    /// The number of inputs (the length of one probe row); 0 for constants.
    @usableFromInline let probeWidth: Int

    /// Whether the function is strictly differentiable here (the set is exact and a single point).
    public var smooth: Bool { exact && vertices.count == 1 }

    init(value: Double, vertices: [[Double]], exact: Bool, regular: Bool, negationRegular: Bool,
         lipschitz: Bool, note: String?, isConstant: Bool, probes: [Double], probeWidth: Int) {
        // A sound superset with one point is the subdifferential itself, and the function is
        // strictly differentiable (hence regular both ways).
        let single = lipschitz && vertices.count == 1 && vertices[0].allSatisfy(\.isFinite)
        self.value = value
        self.vertices = vertices
        self.exact = exact || single
        self.regular = regular || single
        self.negationRegular = negationRegular || single
        self.lipschitz = lipschitz
        self.note = note
        self.isConstant = isConstant
        self.probes = probes
        self.probeWidth = probeWidth
    }

    /// A constant: the zero gradient, exactly.
    public init(constant: Double) {
        self.init(value: constant, vertices: [[]], exact: true, regular: true, negationRegular: true,
                  lipschitz: true, note: nil, isConstant: true, probes: [], probeWidth: 0)
    }

    /// A constant.
    public init(_ constant: Double) { self.init(constant: constant) }

    /// Input `index` of `bases.dimension` inputs, with value `value`: gradient eᵢ.
    init(variable index: Int, value: Double, bases: ProbeBases) {
        var unit = [Double](repeating: 0, count: bases.dimension)
        unit[index] = 1
        self.init(value: value, vertices: [unit], exact: true, regular: true, negationRegular: true,
                  lipschitz: true, note: nil, isConstant: false,
                  probes: bases.seedRows(for: index), probeWidth: bases.dimension)
    }

    /// The value.
    public var doubleValue: Double { value }

    /// Applies a primitive by the set rules (see the type's documentation).
    public static func apply(_ op: Unary, _ x: SubgradientSet) -> SubgradientSet {
        let y = Double.apply(op, x.value)
        if x.isConstant { return SubgradientSet(constant: y) }
        let context = (name: op.name, arguments: [x.value])
        guard op.kink != nil else {
            let d = op.derivative(at: x.value, value: y)
            return assemble(y, linearCombination([(d, x)], context), probeRows([x]) { _ in [d] })
        }
        let below = op.derivative(at: x.value, value: y, side: .below)
        let above = op.derivative(at: x.value, value: y, side: .above)
        let s = op.selector(x.value)
        let rows = probeRows([x]) { row in
            lexicographicSide(s, row.map { op.selector(x.probe($0)) }) == .above ? [above] : [below]
        }
        guard s == 0 else {
            return assemble(y, linearCombination([(s > 0 ? above : below, x)], context), rows)
        }
        let selectorSlope = op.selector(Dual<Double>(x.value, tangent: 1)).tangent
        let convex = (above - below) * selectorSlope >= 0
        return assemble(y, hull(linearCombination([(below, x)], context),
                                linearCombination([(above, x)], context), convex: convex), rows)
    }

    /// Applies a primitive by the set rules (see the type's documentation).
    public static func apply(_ op: Binary, _ a: SubgradientSet, _ b: SubgradientSet) -> SubgradientSet {
        let y = Double.apply(op, a.value, b.value)
        if a.isConstant && b.isConstant { return SubgradientSet(constant: y) }
        let context = (name: op.name, arguments: [a.value, b.value])
        guard op.kink != nil else {
            let (pa, pb) = op.partials(at: a.value, b.value, value: y)
            return assemble(y, linearCombination([(pa, a), (pb, b)], context), probeRows([a, b]) { _ in [pa, pb] })
        }
        let below = op.partials(at: a.value, b.value, value: y, side: .below)
        let above = op.partials(at: a.value, b.value, value: y, side: .above)
        let s = op.selector(a.value, b.value)
        let rows = probeRows([a, b]) { row in
            let tangents = row.map { op.selector(a.probe($0), b.probe($0)) }
            let p = lexicographicSide(s, tangents) == .above ? above : below
            return [p.0, p.1]
        }
        guard s == 0 else {
            let p = s > 0 ? above : below
            return assemble(y, linearCombination([(p.0, a), (p.1, b)], context), rows)
        }
        let ga = op.selector(Dual<Double>(a.value, tangent: 1), Dual<Double>(b.value, tangent: 0)).tangent
        let gb = op.selector(Dual<Double>(a.value, tangent: 0), Dual<Double>(b.value, tangent: 1)).tangent
        let convex = (above.0 - below.0) * ga + (above.1 - below.1) * gb >= 0
        return assemble(y, hull(linearCombination([(below.0, a), (below.1, b)], context),
                                linearCombination([(above.0, a), (above.1, b)], context), convex: convex), rows)
    }

    /// −x, through the rule table.
    public static prefix func - (x: SubgradientSet) -> SubgradientSet { apply(.negate, x) }


    /// `value ∂ conv{…}`.
    public var description: String {
        let points = vertices.map { "[" + $0.map(formatNumber).joined(separator: ", ") + "]" }
        return "\(formatNumber(value)) ∂ conv{\(points.joined(separator: ", "))}" + (exact ? "" : " (not exact)")
    }

    /// Probe entry `i`, zero for constants.
    func probe(_ i: Int) -> Double { probes.isEmpty ? 0 : probes[i] }
}
