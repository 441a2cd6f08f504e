/// A value tracked on a gradient tape: reverse-mode automatic differentiation.
///
/// Every operation on tracked values appends one entry (its parents and local partials, read from
/// the rule table) to the tape; one reverse sweep then yields the derivative of one output with
/// respect to every input, for about the cost of a few evaluations whatever the number of inputs.
/// Constants (literals, `Reverse(constant:)`) are not recorded.
///
/// Nesting (`Reverse<Reverse<Double>>`, `Reverse<Dual<Double>>`) gives higher derivatives: partials
/// are values of the inner type, so the inner sweep itself is differentiable.
///
/// A tracked value belongs to the call that created it; keeping one past that call and using it in
/// another is a programming error.
@frozen
public struct Reverse<T: Scalar>: Scalar {
    /// The primal value.
    public let value: T
    /// The tape slot; 0 for constants.
    @usableFromInline let slot: Int32
    /// The tape this value is recorded on; nil for constants.
    @usableFromInline let storage: UnsafeMutablePointer<TapeStorage<T>>?

    @inlinable
    init(value: T, slot: Int32, storage: UnsafeMutablePointer<TapeStorage<T>>?) {
        self.value = value
        self.slot = slot
        self.storage = storage
    }

    /// A constant: not recorded, derivative zero.
    @inlinable public init(constant: T) { self.init(value: constant, slot: 0, storage: nil) }
    /// A constant.
    @inlinable public init(_ constant: Double) { self.init(constant: T(constant)) }

    /// The innermost primal value.
    @inlinable public var doubleValue: Double { value.doubleValue }
    /// Whether this value is recorded on a tape (depends on the inputs).
    @inlinable public var isTracked: Bool { storage != nil }

    /// Applies a primitive and records it with the rule table's local derivative.
    @inlinable @inline(__always)
    public static func apply(_ op: Unary, _ x: Reverse) -> Reverse {
        let y = T.apply(op, x.value)
        guard let storage = x.storage else { return Reverse(constant: y) }
        let d = localDerivative(op, at: x.value, value: y)
        return Reverse(value: y, slot: TapeStorage.record(storage, x.slot, d, 0, 0), storage: storage)
    }

    /// Applies a primitive and records it with the rule table's local partials.
    @inlinable @inline(__always)
    public static func apply(_ op: Binary, _ a: Reverse, _ b: Reverse) -> Reverse {
        let y = T.apply(op, a.value, b.value)
        // One constant operand, or the same operand twice (x·x), is recorded as unary: the sweep
        // then does one update instead of two.
        guard let storage = a.storage else {
            guard let storage = b.storage else { return Reverse(constant: y) }
            let db = localPartials(op, at: a.value, b.value, value: y).1
            return Reverse(value: y, slot: TapeStorage.record(storage, b.slot, db, 0, 0), storage: storage)
        }
        let (da, db) = localPartials(op, at: a.value, b.value, value: y)
        guard let other = b.storage else {
            return Reverse(value: y, slot: TapeStorage.record(storage, a.slot, da, 0, 0), storage: storage)
        }
        precondition(storage == other, "a tracked value from one differentiation was used in another")
        let slot = a.slot == b.slot
            ? TapeStorage.record(storage, a.slot, da + db, 0, 0)
            : TapeStorage.record(storage, a.slot, da, b.slot, db)
        return Reverse(value: y, slot: slot, storage: storage)
    }

    /// −x, through the rule table.
    @inlinable @inline(__always) public static prefix func - (x: Reverse) -> Reverse { apply(.negate, x) }


    /// The primal value, marked as tracked.
    public var description: String { storage == nil ? "\(value)" : "\(value) (tracked)" }
}
