/// One recorded operation: up to two parents and the local partial toward each.
///
/// Unary operations and leaves point their unused parents at slot 0, the sink, whose adjoint is
/// never read; the sweep skips an unused second parent, so consecutive unary entries do not
/// serialize on the sink's adjoint.
@frozen
public struct TapeEntry<T> {
    /// The first parent's slot.
    public var first: Int32
    /// The second parent's slot.
    public var second: Int32
    /// ∂(this)/∂(first parent).
    public var firstPartial: T
    /// ∂(this)/∂(second parent).
    public var secondPartial: T

    /// Creates an entry.
    @inlinable public init(first: Int32, second: Int32, firstPartial: T, secondPartial: T) {
        self.first = first
        self.second = second
        self.firstPartial = firstPartial
        self.secondPartial = secondPartial
    }
}

/// The storage a tape appends to, reached through a raw pointer so that recording is a store and
/// an increment with no reference counting and no exclusivity check.
public struct TapeStorage<T: Scalar> {
    /// The entries; slot 0 is the sink.
    @usableFromInline var entries: UnsafeMutablePointer<TapeEntry<T>>
    /// How many entries are recorded (including the sink).
    @usableFromInline var count: Int
    /// How many entries fit before the buffer grows.
    @usableFromInline var capacity: Int
    /// The private tape and buffers that preaccumulate sub-computations recorded on this tape
    /// (made on first use, reused after).
    @usableFromInline var preaccumulator: Preaccumulator<T>?
}

/// A gradient tape for reverse-mode differentiation: the record of one evaluation, as data.
///
/// Recording appends `(parent, partial)` pairs in execution order, so the reverse sweep is one tight
/// loop over the entries with no sorting and no allocation per operation. Each call of `gradient`
/// and friends records on a tape of its own, so gradients on several threads never interfere.
public final class Tape<T: Scalar> {
    /// The storage that `Reverse` values point at.
    @usableFromInline let storage: UnsafeMutablePointer<TapeStorage<T>>

    /// Creates an empty tape with room for `capacity` operations.
    public init(capacity: Int = 1024) {
        let (entries, capacity) = TapeBufferPool.take(
            TapeEntry<T>.self, minimumCapacity: Swift.min(Swift.max(capacity, 16), TapeStorage<T>.maximumCapacity))
        storage = .allocate(capacity: 1)
        entries.initialize(to: TapeEntry(first: 0, second: 0, firstPartial: 0, secondPartial: 0))
        storage.initialize(to: TapeStorage(entries: entries, count: 1,
                                           capacity: Swift.min(capacity, TapeStorage<T>.maximumCapacity),
                                           preaccumulator: nil))
    }

    deinit {
        storage.pointee.preaccumulator = nil
        storage.pointee.entries.deinitialize(count: storage.pointee.count)
        TapeBufferPool.give(storage.pointee.entries, capacity: storage.pointee.capacity)
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// How many operations (including inputs) are recorded.
    public var count: Int { storage.pointee.count - 1 }

    /// Forgets every recorded operation but keeps the memory, so that recording again up to the
    /// same size allocates nothing. Values recorded before the reset must not be used after it.
    public func reset() {
        let count = storage.pointee.count
        (storage.pointee.entries + 1).deinitialize(count: count - 1)
        storage.pointee.count = 1
    }

    /// Bytes of tape per recorded operation (the entry; the reverse sweep adds one adjoint of `T`).
    public static var bytesPerEntry: Int { MemoryLayout<TapeEntry<T>>.stride }

    /// A new independent variable on this tape.
    @inlinable
    public func variable(_ value: T) -> Reverse<T> {
        let slot = TapeStorage.record(storage, 0, 0, 0, 0)
        return Reverse(value: value, slot: slot, storage: storage)
    }

    /// New independent variables, one per value, in consecutive slots (one capacity check for all).
    @inlinable
    func variables(_ values: [T]) -> [Reverse<T>] {
        TapeStorage.reserve(storage, values.count)
        let first = storage.pointee.count
        (storage.pointee.entries + first).initialize(
            repeating: TapeEntry(first: 0, second: 0, firstPartial: 0, secondPartial: 0), count: values.count)
        storage.pointee.count = first + values.count
        let storage = storage
        return [Reverse<T>](unsafeUninitializedCapacity: values.count) { buffer, initialized in
            for i in values.indices {
                (buffer.baseAddress! + i).initialize(
                    to: Reverse(value: values[i], slot: Int32(truncatingIfNeeded: first + i), storage: storage))
            }
            initialized = values.count
        }
    }

    /// Runs the reverse sweep from `seeds` (slot, adjoint) and returns every slot's adjoint.
    ///
    /// Cost: one multiply-add pair per recorded operation.
    @inlinable
    public func adjoints(seeds: [(Int32, T)]) -> [T] {
        var adjoint: [T] = []
        adjoints(seeds: seeds, into: &adjoint)
        return adjoint
    }

    /// `adjoints(seeds:)` into a caller-owned buffer (replacing its contents), so that a loop of
    /// sweeps reuses one allocation.
    @inlinable
    public func adjoints<Seeds: Sequence<(Int32, T)>>(seeds: Seeds, into adjoint: inout [T]) {
        let n = storage.pointee.count
        if adjoint.count > n {
            adjoint.removeLast(adjoint.count - n)
        } else if adjoint.count < n {
            adjoint.append(contentsOf: repeatElement(0, count: n - adjoint.count))
        }
        adjoint.withUnsafeMutableBufferPointer { a in
            a.update(repeating: 0)
            for (slot, seed) in seeds where slot > 0 { a[Int(slot)] = a[Int(slot)] + seed }
            TapeStorage.sweep(storage.pointee.entries, a.baseAddress!, from: n - 1, downTo: 1)
        }
    }
}

extension TapeStorage {
    /// The reverse sweep over the entries `top` down to `bottom`: each passes its adjoint on to
    /// its parents, weighted by its partials.
    @inlinable @inline(__always)
    static func sweep(_ e: UnsafeMutablePointer<TapeEntry<T>>, _ a: UnsafeMutablePointer<T>,
                      from top: Int, downTo bottom: Int) {
        var i = top
        while i >= bottom {
            let g = a[i]
            let entry = e[i]
            a[Int(entry.first)] = a[Int(entry.first)] + g * entry.firstPartial
            if entry.second != 0 {
                a[Int(entry.second)] = a[Int(entry.second)] + g * entry.secondPartial
            }
            i -= 1
        }
    }

    /// Appends an entry and returns its slot.
    ///
    /// The count makes a round trip through memory on every operation (each value reaches the
    /// tape through its own pointer, so the optimizer cannot keep it in a register); with the
    /// 24-byte store this is the floor of recording, ≈ 2 ns per operation on the benchmark machine
    /// (measured in C by Benchmarks/TapeBound/tape_bound.c).
    @inlinable
    static func record(_ storage: UnsafeMutablePointer<TapeStorage<T>>,
                       _ first: Int32, _ firstPartial: T, _ second: Int32, _ secondPartial: T) -> Int32 {
        let count = storage.pointee.count
        if _slowPath(count == storage.pointee.capacity) { grow(storage) }
        (storage.pointee.entries + count).initialize(
            to: TapeEntry(first: first, second: second, firstPartial: firstPartial, secondPartial: secondPartial))
        storage.pointee.count = count &+ 1  // count < capacity: cannot overflow
        return Int32(truncatingIfNeeded: count)  // count < capacity ≤ maximumCapacity: fits
    }

    /// The most entries a tape holds: every slot fits in an `Int32`, so `record` checks only the
    /// capacity and `grow` enforces this bound.
    @usableFromInline static var maximumCapacity: Int { Int(Int32.max) + 1 }

    /// Makes room for `extra` more entries.
    @inlinable
    static func reserve(_ storage: UnsafeMutablePointer<TapeStorage<T>>, _ extra: Int) {
        while storage.pointee.capacity - storage.pointee.count < extra { grow(storage) }
    }

    /// Doubles the capacity; kept out of line so that the inlined `record` stays small.
    @usableFromInline @inline(never)
    static func grow(_ storage: UnsafeMutablePointer<TapeStorage<T>>) {
        let old = storage.pointee
        precondition(old.capacity < maximumCapacity, "tape full: more than 2³¹ operations recorded")
        let capacity = Swift.min(old.capacity * 2, maximumCapacity)
        let entries = UnsafeMutablePointer<TapeEntry<T>>.allocate(capacity: capacity)
        entries.moveInitialize(from: old.entries, count: old.count)
        old.entries.deallocate()
        storage.pointee.entries = entries
        storage.pointee.capacity = capacity
    }
}
