/// Local Jacobian preaccumulation for reverse mode: a `LocalFunction` of k tracked inputs is
/// evaluated on a small private tape, swept at once while that tape is still in cache, and recorded
/// on the outer tape as one node, the result with its k partials.
///
/// The node is a chain of ordinary binary entries (the first two inputs, then the previous link
/// with partial 1 and the next input), so the outer sweep needs no new entry kind: k − 1 entries
/// instead of the sub-computation's whole record. One preaccumulator belongs to one outer tape and
/// is reused by every node recorded on it, so that steady state allocates nothing.
@usableFromInline
final class Preaccumulator<T: Scalar> {
    /// The private tape the sub-computation records on (its own preaccumulator serves nested hooks).
    @usableFromInline let tape = Tape<T>(capacity: 256)
    /// The private tape's input variables.
    @usableFromInline var inputs: UnsafeMutablePointer<Reverse<T>>
    /// How many input variables fit.
    @usableFromInline var inputCapacity = 0
    /// The private tape's adjoints (initialized over the whole capacity).
    @usableFromInline var adjoints: UnsafeMutablePointer<T>
    /// How many adjoints fit.
    @usableFromInline var adjointCapacity = 0

    @usableFromInline init() {
        inputs = .allocate(capacity: 0)
        adjoints = .allocate(capacity: 0)
    }

    deinit {
        inputs.deallocate()
        adjoints.deinitialize(count: adjointCapacity)
        adjoints.deallocate()
    }

    /// The preaccumulator of the tape at `storage`, made on first use.
    @inlinable
    static func of(_ storage: UnsafeMutablePointer<TapeStorage<T>>) -> Preaccumulator {
        if let existing = storage.pointee.preaccumulator { return existing }
        let made = Preaccumulator()
        storage.pointee.preaccumulator = made
        return made
    }

    /// Makes room for `k` input variables; out of line, as it runs only while buffers grow.
    @usableFromInline @inline(never)
    func growInputs(_ k: Int) {
        inputs.deallocate()
        inputCapacity = Swift.max(k, 2 * inputCapacity)
        inputs = .allocate(capacity: inputCapacity)
    }

    /// Makes room for `n` adjoints; out of line, as it runs only while buffers grow.
    @usableFromInline @inline(never)
    func growAdjoints(_ n: Int) {
        adjoints.deinitialize(count: adjointCapacity)
        adjoints.deallocate()
        adjointCapacity = Swift.max(n, 2 * adjointCapacity)
        adjoints = .allocate(capacity: adjointCapacity)
        adjoints.initialize(repeating: 0, count: adjointCapacity)
    }

    /// `f(inputs)` recorded on `outer` as one preaccumulated node.
    @inlinable
    func record<F: LocalFunction>(_ f: F, at inputs: UnsafeBufferPointer<Reverse<T>>,
                                  on outer: UnsafeMutablePointer<TapeStorage<T>>) -> Reverse<T> {
        let k = inputs.count
        if k >= adjointCapacity { growAdjoints(k + 1) }
        // Compiled partials (adjoint slot 1 + i, as the sweep leaves them) need no private tape.
        let compiled: T? = withUnsafeTemporaryAllocation(of: T.self, capacity: k) { values in
            for i in 0..<k { (values.baseAddress! + i).initialize(to: inputs[i].value) }
            defer { values.baseAddress!.deinitialize(count: k) }
            return f.valueWithGradient(UnsafeBufferPointer(values), into: adjoints + 1)
        }
        if let compiled { return chain(compiled, over: inputs, partials: adjoints + 1, on: outer) }

        let local = tape.storage
        tape.reset()
        if k > inputCapacity { growInputs(k) }
        // Input i is the private tape's slot 1 + i.
        TapeStorage.reserve(local, k)
        (local.pointee.entries + 1).initialize(
            repeating: TapeEntry(first: 0, second: 0, firstPartial: 0, secondPartial: 0), count: k)
        local.pointee.count = 1 + k
        for i in 0..<k {
            (self.inputs + i).initialize(
                to: Reverse(value: inputs[i].value, slot: Int32(truncatingIfNeeded: 1 + i), storage: local))
        }
        let y = f(UnsafeBufferPointer(start: self.inputs, count: k))
        self.inputs.deinitialize(count: k)
        guard let result = y.storage else { return Reverse(constant: y.value) }
        precondition(result == local, "a preaccumulated function used a tracked value that is not one of its inputs")

        let top = Int(y.slot)
        if top >= adjointCapacity { growAdjoints(top + 1) }
        let a = adjoints
        a.update(repeating: 0, count: top + 1)
        a[top] = 1
        TapeStorage.sweep(local.pointee.entries, a, from: top, downTo: k + 1)
        return chain(y.value, over: inputs, partials: a + 1, on: outer)
    }

    /// The node of value `y` and partials `partials[i]` toward `inputs[i]`, recorded on `outer`: a
    /// chain over the tracked inputs (constants have no slot to pass adjoints to).
    @inlinable
    func chain(_ y: T, over inputs: UnsafeBufferPointer<Reverse<T>>, partials: UnsafeMutablePointer<T>,
               on outer: UnsafeMutablePointer<TapeStorage<T>>) -> Reverse<T> {
        let k = inputs.count
        var link: Int32 = 0
        var pending: Int32 = 0
        var pendingPartial: T = 0
        for i in 0..<k where inputs[i].slot != 0 {
            let slot = inputs[i].slot
            if link != 0 {
                link = TapeStorage.record(outer, link, 1, slot, partials[i])
            } else if pending != 0 {
                link = TapeStorage.record(outer, pending, pendingPartial, slot, partials[i])
            } else {
                pending = slot
                pendingPartial = partials[i]
            }
        }
        if link == 0 { link = TapeStorage.record(outer, pending, pendingPartial, 0, 0) }
        return Reverse(value: y, slot: link, storage: outer)
    }
}

extension Reverse {
    /// `f(inputs)`, preaccumulated: evaluated and swept on a private small tape, and recorded on
    /// the inputs' tape as one node with `inputs.count` partials (about `inputs.count` entries,
    /// however long `f` is). Without tracked inputs, the plain call.
    @inlinable
    public static func preaccumulating<F: LocalFunction>(_ f: F, at inputs: UnsafeBufferPointer<Reverse>) -> Reverse {
        var outer: UnsafeMutablePointer<TapeStorage<T>>?
        for x in inputs where x.storage != nil {
            precondition(outer == nil || outer == x.storage, "a tracked value from one differentiation was used in another")
            outer = x.storage
        }
        guard let outer else { return f(inputs) }
        return Preaccumulator.of(outer).record(f, at: inputs, on: outer)
    }
}
