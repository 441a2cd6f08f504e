/// The buffers a loop of gradient evaluations reuses: a tape and the input variables for reverse
/// mode, the seeded inputs for forward mode, and the adjoints of the reverse sweep.
///
/// An optimizer that takes thousands of small gradients (gradient descent on a 2-D point) spends
/// most of its time allocating these when every call builds them afresh; with a workspace, each
/// gradient after the first allocates nothing. A value type passed `inout`, so that reaching the
/// buffers costs no dynamic exclusivity check. One workspace serves one differentiation at a time:
/// a nested differentiation of the same scalar type needs a workspace of its own.
///
/// The tape is made on the first reverse-mode gradient, so a workspace that only serves forward
/// mode (or is never used) allocates nothing.
public struct GradientWorkspace<T: Scalar> {
    /// The tape reverse-mode gradients record on, once one has been needed.
    @usableFromInline var storedTape: Tape<T>? {
        didSet { unownedTape = storedTape.map { Unmanaged.passUnretained($0) } }
    }
    /// `storedTape` without ownership: the fixed-size transforms reach the tape through it without
    /// a retain and a release per gradient (`storedTape` keeps it alive).
    @usableFromInline var unownedTape: Unmanaged<Tape<T>>?
    /// The capacity the tape starts with when it is made.
    @usableFromInline let initialCapacity: Int
    /// The reverse-mode input variables of the latest gradient.
    @usableFromInline var reverseInputs: [Reverse<T>] = []
    /// The forward-mode inputs, seeded one direction at a time.
    @usableFromInline var forwardInputs: [Dual<T>] = []
    /// Every tape slot's adjoint after the latest reverse sweep.
    @usableFromInline var adjoints: [T] = []

    /// An empty workspace whose tape starts with room for `capacity` operations.
    public init(capacity: Int = 64) {
        initialCapacity = capacity
    }

    /// A workspace recording on `tape` (which the caller may keep and reuse).
    public init(tape: Tape<T>) {
        storedTape = tape
        unownedTape = Unmanaged.passUnretained(tape)
        initialCapacity = 64
    }

    /// The tape reverse-mode gradients record on (made on first use; reset by each gradient).
    @inlinable
    public var tape: Tape<T> {
        mutating get {
            if let tape = storedTape { return tape }
            let tape = Tape<T>(capacity: initialCapacity)
            storedTape = tape
            return tape
        }
    }

    /// Calls `body` with the tape (made on first use), borrowed: no reference counting.
    @inlinable @inline(__always)
    mutating func withTape<R>(_ body: (Tape<T>) throws -> R) rethrows -> R {
        if unownedTape == nil { _ = tape }
        return try unownedTape.unsafelyUnwrapped._withUnsafeGuaranteedRef(body)
    }
}
