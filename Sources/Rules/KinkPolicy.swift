import Foundation

/// Which single subgradient `gradient`, `derivative` and friends return at a kink.
///
/// At a point where a primitive is not differentiable (|x| at 0, relu at 0, max on a tie) the
/// subdifferential is a whole set; a mode that returns one vector must pick one element, and the
/// same policy is used by forward and reverse mode, so they always agree.
///
/// Peers disagree (|x|′(0) is 0 in PyTorch, +1 in JAX); Slope's default is `.minimumNorm`, the
/// steepest-descent choice for convex losses.
public enum KinkPolicy: String, Sendable, CaseIterable {
    /// The element of least norm: |x|′(0) = 0, relu′(0) = 0, max on a tie splits ½/½.
    case minimumNorm
    /// The piece below the kink: |x|′(0) = −1, relu′(0) = 0, max(a, b) on a tie follows b.
    case lower
    /// The piece above the kink: |x|′(0) = 1, relu′(0) = 1, max(a, b) on a tie follows a.
    case upper

    /// The weight θ on the upper piece that this policy gives a kink: (1 − θ)·lower + θ·upper.
    @inlinable
    public func weight(for kink: KinkRule) -> Double {
        switch self {
        case .minimumNorm: kink.minimumNormWeight
        case .lower: 0
        case .upper: 1
        }
    }
}

/// One kink met while differentiating: which primitive, and the primal value of its argument(s).
public struct KinkHit: Sendable, Equatable, CustomStringConvertible {
    /// The primitive's name (`abs`, `relu`, `max`, `min`).
    public let primitive: String
    /// Its arguments' primal values.
    public let arguments: [Double]

    /// Creates a record.
    public init(primitive: String, arguments: [Double]) {
        self.primitive = primitive
        self.arguments = arguments
    }

    /// `abs(0)`, `max(1, 1)`.
    public var description: String {
        "\(primitive)(\(arguments.map { formatNumber($0) }.joined(separator: ", ")))"
    }
}

/// The kink policy in force and the log of kinks met, for the current task or thread.
///
/// Read only when a kink is actually met (an exact tie), so the smooth fast path never pays for it.
public final class KinkContext: @unchecked Sendable {
    /// The policy in force.
    public let policy: KinkPolicy
    private let lock = NSLock()
    private var log: [KinkHit] = []
    /// At most this many hits are kept (a long loop at a kink must not grow memory without bound).
    public static let maximumLoggedHits = 1000

    /// Creates a context with a policy and an empty log.
    public init(policy: KinkPolicy) { self.policy = policy }

    /// The context of the innermost `withKinkPolicy`, or nil (the default policy, no log).
    @TaskLocal public static var current: KinkContext?

    /// The policy in force for the current task or thread.
    @inlinable
    public static var currentPolicy: KinkPolicy { current?.policy ?? .minimumNorm }

    /// Records a kink in the current context's log, if there is one.
    public static func record(_ hit: @autoclosure () -> KinkHit) {
        current?.append([hit()])
    }

    /// Appends hits to this context's log, up to the bound.
    func append(_ hits: [KinkHit]) {
        lock.lock()
        log += hits.prefix(max(0, Self.maximumLoggedHits - log.count))
        lock.unlock()
    }

    /// The kinks met so far.
    public var hits: [KinkHit] {
        lock.lock()
        defer { lock.unlock() }
        return log
    }
}

/// Runs `body` with a kink policy in force and returns its result with the kinks it met.
///
/// Calls nest: an inner call's policy is in force inside it, and the kinks it meets are also
/// passed on to the enclosing call's log.
///
/// ```swift
/// let (g, kinks) = withKinkPolicy(.upper) { derivative(at: 0.0) { abs($0) } }
/// // g == 1, kinks == [abs(0)]
/// ```
public func withKinkPolicy<R>(_ policy: KinkPolicy, _ body: () throws -> R) rethrows -> (result: R, kinks: [KinkHit]) {
    let context = KinkContext(policy: policy)
    let enclosing = KinkContext.current
    defer { enclosing?.append(context.hits) }
    let result = try KinkContext.$current.withValue(context) { try body() }
    return (result, context.hits)
}

// MARK: - Resolving the table into one derivative

/// The local derivative of a unary primitive as forward and reverse mode use it: the table's
/// partial on the side the selector's sign picks, or the policy's subgradient at an exact kink.
///
/// `@inline(always)` rather than the `@inline(__always)` hint: inside large functions (the tensor
/// pullbacks' closures) the optimizer declined the hint and called this once per element.
@inlinable @inline(always)
public func localDerivative<T: Scalar>(_ op: Unary, at x: T, value y: T) -> T {
    guard let kink = op.kink else { return op.derivative(at: x, value: y) }
    let s = op.selector(x).doubleValue
    if s > 0 { return op.derivative(at: x, value: y, side: .above) }
    if s < 0 || s.isNaN { return op.derivative(at: x, value: y, side: .below) }
    return derivativeAtKink(op, kink, at: x, value: y)
}

/// `localDerivative` exactly at a kink: the policy's mix of the two pieces, logged. Out of line,
/// so that the inlined `localDerivative` stays a few instructions (it is in every pass's inner loop).
@inlinable @inline(never)
func derivativeAtKink<T: Scalar>(_ op: Unary, _ kink: KinkRule, at x: T, value y: T) -> T {
    resolveKink(op.name, kink, [x.doubleValue],
                below: op.derivative(at: x, value: y, side: .below),
                above: op.derivative(at: x, value: y, side: .above))
}

/// The local partials of a binary primitive as forward and reverse mode use them (see the unary
/// overload).
@inlinable @inline(always)
public func localPartials<T: Scalar>(_ op: Binary, at a: T, _ b: T, value y: T) -> (T, T) {
    guard let kink = op.kink else { return op.partials(at: a, b, value: y) }
    let s = op.selector(a, b).doubleValue
    if s > 0 { return op.partials(at: a, b, value: y, side: .above) }
    if s < 0 || s.isNaN { return op.partials(at: a, b, value: y, side: .below) }
    return partialsAtKink(op, kink, at: a, b, value: y)
}

/// `localPartials` exactly at a kink (see `derivativeAtKink`).
@inlinable @inline(never)
func partialsAtKink<T: Scalar>(_ op: Binary, _ kink: KinkRule, at a: T, _ b: T, value y: T) -> (T, T) {
    let below = op.partials(at: a, b, value: y, side: .below)
    let above = op.partials(at: a, b, value: y, side: .above)
    let arguments = [a.doubleValue, b.doubleValue]
    return (resolveKink(op.name, kink, arguments, below: below.0, above: above.0),
            resolveKink(op.name, kink, [], below: below.1, above: above.1, log: false))
}

/// The weight θ on a kink's upper piece for a selector value: 1 above the kink, 0 below it (or
/// for NaN), and the current policy's weight exactly at it. For callers that need θ itself (e.g.
/// to show the partials of a mix); `resolveKink` applies it.
@inlinable
public func kinkWeight(selector s: Double, _ kink: KinkRule) -> Double {
    if s > 0 { return 1 }
    if s < 0 || s.isNaN { return 0 }
    return KinkContext.currentPolicy.weight(for: kink)
}

/// Mixes the two pieces at a kink by the current policy's weight and logs the hit.
@inlinable
public func resolveKink<T: Scalar>(_ name: String, _ kink: KinkRule, _ arguments: [Double],
                                   below: T, above: T, log: Bool = true) -> T {
    if log { KinkContext.record(KinkHit(primitive: name, arguments: arguments)) }
    let theta = KinkContext.currentPolicy.weight(for: kink)
    if theta == 0 { return below }
    if theta == 1 { return above }
    return T(1 - theta) * below + T(theta) * above
}

/// Formats a number the way Slope prints numbers: integers without a fraction, others shortest.
public func formatNumber(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}
