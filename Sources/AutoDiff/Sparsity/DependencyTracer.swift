/// A number that records which inputs it depends on: index-set propagation, the way a Jacobian's
/// sparsity pattern is found.
///
/// Evaluate a `Scalar`-generic function once on tracers seeded with `DependencyTracer(x, input: j)`
/// and each output's `inputs` holds the inputs it depends on through the rule table's primitives.
/// The value is carried too, so branches on values take the same path as on `Double`; the pattern
/// is then that of the Jacobian at this point (a superset of its nonzeros: every primitive is
/// taken to depend on all its arguments). See `JacobianSparsity`.
@frozen
public struct DependencyTracer: Scalar {
    /// The primal value.
    public var value: Double
    /// The inputs this value depends on.
    public var inputs: InputSet

    /// A value that depends on the given inputs.
    @inlinable public init(_ value: Double, inputs: InputSet) {
        self.value = value
        self.inputs = inputs
    }

    /// Input `input`, depending on itself only.
    @inlinable public init(_ value: Double, input: Int) { self.init(value, inputs: InputSet(input)) }

    /// A constant: depends on no input.
    @inlinable public init(_ constant: Double) { self.init(constant, inputs: InputSet()) }

    /// The primal value.
    @inlinable public var doubleValue: Double { value }

    /// Applies a primitive: its value, and the argument's inputs.
    @inlinable public static func apply(_ op: Unary, _ x: DependencyTracer) -> DependencyTracer {
        DependencyTracer(op.evaluate(x.value), inputs: x.inputs)
    }

    /// Applies a primitive: its value, and the union of the arguments' inputs.
    @inlinable public static func apply(_ op: Binary, _ a: DependencyTracer, _ b: DependencyTracer) -> DependencyTracer {
        DependencyTracer(op.evaluate(a.value, b.value), inputs: a.inputs.union(b.inputs))
    }

    /// −x, through the rule table.
    @inlinable public static prefix func - (x: DependencyTracer) -> DependencyTracer { apply(.negate, x) }

    /// `value {inputs}`.
    public var description: String { "\(value) {\(inputs.members.map(String.init).joined(separator: ", "))}" }
}

/// A set of input indices below `InputSet.capacity`, as a fixed-size bit set (no allocation).
@frozen
public struct InputSet: Hashable, Sendable {
    /// The largest number of inputs a set can hold.
    public static let capacity = 256
    @usableFromInline var bits: SIMD4<UInt64>

    /// The empty set.
    @inlinable public init() { bits = .zero }

    /// The set holding `input` (in `0..<capacity`).
    @inlinable public init(_ input: Int) {
        precondition((0..<Self.capacity).contains(input), "an input set holds indices below \(Self.capacity)")
        bits = .zero
        bits[input >> 6] = 1 << UInt64(input & 63)
    }

    /// Both sets' members.
    @inlinable public func union(_ other: InputSet) -> InputSet {
        var result = self
        result.bits |= other.bits
        return result
    }

    /// Whether `input` is a member.
    @inlinable public func contains(_ input: Int) -> Bool {
        (0..<Self.capacity).contains(input) && bits[input >> 6] & (1 << UInt64(input & 63)) != 0
    }

    /// The members in increasing order.
    public var members: [Int] {
        (0..<4).flatMap { word in
            var remaining = bits[word], found: [Int] = []
            while remaining != 0 {
                found.append(word * 64 + remaining.trailingZeroBitCount)
                remaining &= remaining - 1
            }
            return found
        }
    }
}
