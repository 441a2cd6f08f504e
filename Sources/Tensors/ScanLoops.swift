import Rules

// The loops of `Tensor.scan` and of its pullback, as `@inlinable` defaults of `ScanKernel` so each
// kernel's body is inlined into them. Each position of a slice is one recurrence along the leading
// axis (for a vector, the whole vector).
//
// Only the carried values make a recurrence; an element's value, given what it received, does not
// depend on its neighbours. So the interior (every read inside its operand) goes in chunks of
// `StencilGeometry.scanChunk` elements, each in two passes: a sequential one that runs just the
// carried values through the chunk (the element values are dead code there and compiled out) and
// keeps what each element received, then an elementwise one that computes the element values from
// those, which has no dependence between iterations and vectorizes. The backward pass likewise runs
// the carried values' cotangents down a chunk first, then the reads' shares elementwise into
// scratch rows, then adds each row where its read came from. The few edge elements (reads filled
// outside their operands) take one fused step each. Nothing is allocated per element.

/// Where the values each element received are kept: value m at `base[m · row + index]`, the index
/// being the flat element index (the states a recorded scan keeps) or the position in the current
/// chunk (scratch).
@usableFromInline @frozen
struct ScanRows {
    @usableFromInline let base: UnsafeMutablePointer<Double>
    @usableFromInline let row: Int

    @usableFromInline @_transparent
    init(_ base: UnsafeMutablePointer<Double>, row: Int) {
        self.base = base
        self.row = row
    }

    /// The `count` values at `index`.
    @usableFromInline @_transparent
    func load(_ index: Int, count c: Int) -> ScanCarry<Double> {
        ScanCarry(base[index], c > 1 ? base[row &+ index] : 0, c > 2 ? base[2 &* row &+ index] : 0,
                  c > 3 ? base[3 &* row &+ index] : 0)
    }

    /// Stores the first `count` values at `index`.
    @usableFromInline @_transparent
    func store(_ values: ScanCarry<Double>, _ index: Int, count c: Int) {
        base[index] = values[0]
        if c > 1 { base[row &+ index] = values[1] }
        if c > 2 { base[2 &* row &+ index] = values[2] }
        if c > 3 { base[3 &* row &+ index] = values[3] }
    }
}

extension StencilGeometry {
    /// Elements per chunk of a scan's interior: the scratch rows of one chunk (at most 8 of them)
    /// stay in the first-level cache.
    @usableFromInline @_transparent
    static var scanChunk: Int { 256 }

    /// The elements of the recurrence lane, lane + stride, … (lane < stride): how many there are,
    /// and the positions along it where the interior starts and ends (0 ≤ lower ≤ upper ≤ elements).
    @usableFromInline @_transparent
    func laneBounds(lane: Int, stride: Int) -> (elements: Int, lower: Int, upper: Int) {
        // Elements before index `bound`: ⌈(bound − lane) / stride⌉, at least 0.
        @_transparent func before(_ bound: Int) -> Int { Swift.max(0, (bound - lane + stride - 1) / stride) }
        let elements = before(count)
        let lower = Swift.min(elements, before(interior.lowerBound))
        return (elements, lower, Swift.max(lower, Swift.min(elements, before(interior.upperBound))))
    }
}

/// The cotangent buffers of the reads, each moved by its read's offset (so element k adds at
/// index k); nil where a read is not wanted or absent.
@usableFromInline
typealias ScanTargets = (UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?,
                         UnsafeMutablePointer<Double>?)

extension ScanKernel {
    // MARK: Forward

    /// One fused forward element (the edges): stores what it receives when recording, writes its
    /// value, and leaves what it carries on in `carry`.
    @usableFromInline @_transparent
    func forwardElement(_ v: StencilReads<Double>, _ k: Int, _ carry: inout ScanCarry<Double>, _ out: UnsafeMutablePointer<Double>,
                        record: Bool, _ states: ScanRows) {
        if record { states.store(carry, k, count: Self.carryCount) }
        out[k] = evaluate(v, carry: &carry)
    }

    /// The forward pass along one recurrence (elements lane, lane + stride, …) for a constant
    /// `arity`: the leading edge fused, the interior in chunks of two passes (see the top of this
    /// file), the trailing edge fused. What each interior element receives goes to `states` when
    /// recording, else to the chunk's `scratch`.
    @usableFromInline @_transparent
    func forwardLane(_ arity: Int, record: Bool, lane: Int, stride: Int, _ geometry: StencilGeometry, _ addresses: StencilPointers,
                     _ p: StencilPointers, _ out: UnsafeMutablePointer<Double>, _ states: ScanRows, _ scratch: ScanRows) {
        let (elements, lower, upper) = geometry.laneBounds(lane: lane, stride: stride), c = Self.carryCount
        var carry = initialCarry
        for i in 0..<lower {
            let k = lane &+ i &* stride
            forwardElement(geometry.edgeReads(k, addresses), k, &carry, out, record: record, states)
        }
        var start = lower
        while start < upper {
            let end = Swift.min(upper, start &+ StencilGeometry.scanChunk)
            // The carried values only (the element values are unused here). Each is stored after it
            // is computed, as what the next element receives: no carried value is used before its
            // update in the loop, so the loop is a set of fixed-order recurrences the compiler can
            // vectorize when the body has no cycle through them.
            @_transparent func keep(_ i: Int) {
                if record { states.store(carry, lane &+ i &* stride, count: c) } else { scratch.store(carry, i &- start, count: c) }
            }
            keep(start)
            for i in start..<(end &- 1) {
                _ = evaluate(StencilGeometry.interiorReads(arity, p, lane &+ i &* stride), carry: &carry)
                keep(i &+ 1)
            }
            _ = evaluate(StencilGeometry.interiorReads(arity, p, lane &+ (end &- 1) &* stride), carry: &carry)
            // The element values from what each received (the carried values are unused here).
            for i in start..<end {
                let k = lane &+ i &* stride
                var received = record ? states.load(k, count: c) : scratch.load(i &- start, count: c)
                out[k] = evaluate(StencilGeometry.interiorReads(arity, p, k), carry: &received)
            }
            start = end
        }
        for i in upper..<elements {
            let k = lane &+ i &* stride
            forwardElement(geometry.edgeReads(k, addresses), k, &carry, out, record: record, states)
        }
    }

    /// `forwardLane` for every position of a slice, with a vector's stride 1 made a constant.
    @usableFromInline @_transparent
    func forwardLanes(_ arity: Int, record: Bool, inner: Int, _ geometry: StencilGeometry, _ addresses: StencilPointers,
                      _ out: UnsafeMutablePointer<Double>, _ states: ScanRows, _ scratch: ScanRows) {
        let p = geometry.shifted(addresses)
        if inner == 1 {
            forwardLane(arity, record: record, lane: 0, stride: 1, geometry, addresses, p, out, states, scratch)
        } else {
            for lane in 0..<inner { forwardLane(arity, record: record, lane: lane, stride: inner, geometry, addresses, p, out, states, scratch) }
        }
    }

    /// Default: one forward pass per recurrence, specialized for the kernel's arity.
    @inlinable
    public func writeScanValues(_ operands: [Tensor], inner: Int, into out: UnsafeMutablePointer<Double>,
                                states: UnsafeMutablePointer<Double>?) {
        let count = operands.first?.count ?? 0
        guard count > 0, inner > 0 else { return }
        let geometry = StencilGeometry(reads: reads, count: count, inner: inner), chunk = StencilGeometry.scanChunk
        withOperandAddresses(operands) { addresses in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: ScanCarry<Double>.capacity * chunk) { buffer in
                guard let base = buffer.baseAddress else { return }
                let scratch = ScanRows(base, row: chunk)
                // Without states the recording branches are compiled out and `kept` is never used.
                let record = states != nil, kept = ScanRows(states ?? base, row: count)
                switch (geometry.arity, record) {
                case (1, false): forwardLanes(1, record: false, inner: inner, geometry, addresses, out, kept, scratch)
                case (2, false): forwardLanes(2, record: false, inner: inner, geometry, addresses, out, kept, scratch)
                case (3, false): forwardLanes(3, record: false, inner: inner, geometry, addresses, out, kept, scratch)
                case (_, false): forwardLanes(4, record: false, inner: inner, geometry, addresses, out, kept, scratch)
                case (1, true): forwardLanes(1, record: true, inner: inner, geometry, addresses, out, kept, scratch)
                case (2, true): forwardLanes(2, record: true, inner: inner, geometry, addresses, out, kept, scratch)
                case (3, true): forwardLanes(3, record: true, inner: inner, geometry, addresses, out, kept, scratch)
                case (_, true): forwardLanes(4, record: true, inner: inner, geometry, addresses, out, kept, scratch)
                }
            }
        }
    }

    // MARK: Backward

    /// One input's share of the element's vector–Jacobian product: the body on `StructuralDual`
    /// numbers with input `seed` seeded (reads 0 ..< 4, carried values 4 ..< 8), its tangents
    /// dotted with the cotangents of the element's value (`gk`) and of what it carries on
    /// (`carried`). Terms whose tangent is a structural zero are left out at compile time.
    @usableFromInline @_transparent
    func share(seed: Int, _ v: StencilReads<Double>, _ s: ScanCarry<Double>, _ gk: Double, _ carried: ScanCarry<Double>) -> Double {
        @_transparent func input(_ value: Double, _ seeded: Bool) -> StructuralDual {
            seeded ? StructuralDual(value, tangent: 1) : StructuralDual(value)
        }
        var carry = ScanCarry(input(s[0], seed == 4), input(s[1], seed == 5), input(s[2], seed == 6), input(s[3], seed == 7))
        let value = evaluate(StencilReads(input(v[0], seed == 0), input(v[1], seed == 1), input(v[2], seed == 2),
                                          input(v[3], seed == 3)), carry: &carry)
        // A sum of the nonzero terms only (no `0 + …` left for the compiler to keep).
        var total = 0.0, started = false
        @_transparent func add(_ term: StructuralDual, _ weight: Double) {
            guard !term.isZero else { return }
            total = started ? total + weight * term.tangent : weight * term.tangent
            started = true
        }
        add(value, gk)
        // Unrolled by hand (a loop over the constant count is not always unrolled).
        let c = Self.carryCount
        add(carry[0], carried[0])
        if c > 1 { add(carry[1], carried[1]) }
        if c > 2 { add(carry[2], carried[2]) }
        if c > 3 { add(carry[3], carried[3]) }
        return total
    }

    /// The cotangents of what an element received, from those of its value (`gk`) and of what it
    /// carries on (`carried`).
    @usableFromInline @_transparent
    func receivedShares(_ v: StencilReads<Double>, _ s: ScanCarry<Double>, _ gk: Double, _ carried: ScanCarry<Double>) -> ScanCarry<Double> {
        let c = Self.carryCount
        return ScanCarry(share(seed: 4, v, s, gk, carried), c > 1 ? share(seed: 5, v, s, gk, carried) : 0,
                         c > 2 ? share(seed: 6, v, s, gk, carried) : 0, c > 3 ? share(seed: 7, v, s, gk, carried) : 0)
    }

    /// One fused backward element (the edges): adds each wanted read's share where the element
    /// read it, if that is inside its operand, and replaces `carried` by the cotangents of what
    /// the element received.
    @usableFromInline @_transparent
    func backwardElement(_ arity: Int, _ k: Int, _ geometry: StencilGeometry, _ addresses: StencilPointers, _ states: ScanRows,
                         _ g: UnsafePointer<Double>, _ t: ScanTargets, _ carried: inout ScanCarry<Double>) {
        let v = geometry.edgeReads(k, addresses), s = states.load(k, count: Self.carryCount), gk = g[k]
        @_transparent func add(_ j: Int, _ target: UnsafeMutablePointer<Double>?) {
            guard let target else { return }
            let index = k &- geometry.moved(j)
            if index >= 0 && index < geometry.count { target[k] += share(seed: j, v, s, gk, carried) }
        }
        add(0, t.0)
        if arity > 1 { add(1, t.1) }
        if arity > 2 { add(2, t.2) }
        if arity > 3 { add(3, t.3) }
        carried = receivedShares(v, s, gk, carried)
    }

    /// The backward pass along one recurrence (its elements from the last down) for a constant
    /// `arity`: the trailing edge fused, the interior in chunks of three passes (the carried
    /// values' cotangents down the chunk into `scratch` rows 0 ..< carryCount, the reads' shares
    /// elementwise into rows 4 ..< 4 + arity, each share row added where its read came from), the
    /// leading edge fused. Nothing flows back past the first element.
    @usableFromInline @_transparent
    func backwardLane(_ arity: Int, lane: Int, stride: Int, _ geometry: StencilGeometry, _ addresses: StencilPointers,
                      _ p: StencilPointers, _ states: ScanRows, _ g: UnsafePointer<Double>, _ t: ScanTargets, _ scratch: ScanRows) {
        let (elements, lower, upper) = geometry.laneBounds(lane: lane, stride: stride), c = Self.carryCount
        let chunk = StencilGeometry.scanChunk, shares = ScanRows(scratch.base + 4 &* chunk, row: chunk)
        var carried = ScanCarry<Double>(0)
        var i = elements
        while i > upper {
            i &-= 1
            backwardElement(arity, lane &+ i &* stride, geometry, addresses, states, g, t, &carried)
        }
        var end = upper
        while end > lower {
            let start = Swift.max(lower, end &- chunk)
            // The cotangent each element's carried values get from above, down the chunk, each
            // stored after it is computed (see the forward pass).
            @_transparent func step(_ i: Int) {
                let k = lane &+ i &* stride
                carried = receivedShares(StencilGeometry.interiorReads(arity, p, k), states.load(k, count: c), g[k], carried)
            }
            scratch.store(carried, end &- 1 &- start, count: c)
            i = end &- 1
            while i > start {
                step(i)
                i &-= 1
                scratch.store(carried, i &- start, count: c)
            }
            step(start)
            // Each read's share, elementwise.
            for i in start..<end {
                let k = lane &+ i &* stride, position = i &- start
                let v = StencilGeometry.interiorReads(arity, p, k), s = states.load(k, count: c)
                let gk = g[k], above = scratch.load(position, count: c)
                shares.base[position] = share(seed: 0, v, s, gk, above)
                if arity > 1 { shares.base[chunk &+ position] = share(seed: 1, v, s, gk, above) }
                if arity > 2 { shares.base[2 &* chunk &+ position] = share(seed: 2, v, s, gk, above) }
                if arity > 3 { shares.base[3 &* chunk &+ position] = share(seed: 3, v, s, gk, above) }
            }
            // Each share row where its read came from.
            @_transparent func add(_ j: Int, _ target: UnsafeMutablePointer<Double>?) {
                guard let target else { return }
                let row = shares.base + j &* chunk
                for i in start..<end { target[lane &+ i &* stride] += row[i &- start] }
            }
            add(0, t.0)
            if arity > 1 { add(1, t.1) }
            if arity > 2 { add(2, t.2) }
            if arity > 3 { add(3, t.3) }
            end = start
        }
        i = lower
        while i > 0 {
            i &-= 1
            backwardElement(arity, lane &+ i &* stride, geometry, addresses, states, g, t, &carried)
        }
    }

    /// `backwardLane` for every position of a slice, with a vector's stride 1 made a constant.
    @usableFromInline @_transparent
    func backwardLanes(_ arity: Int, inner: Int, _ geometry: StencilGeometry, _ addresses: StencilPointers, _ states: ScanRows,
                       _ g: UnsafePointer<Double>, _ t: ScanTargets, _ scratch: ScanRows) {
        let p = geometry.shifted(addresses)
        if inner == 1 {
            backwardLane(arity, lane: 0, stride: 1, geometry, addresses, p, states, g, t, scratch)
        } else {
            for lane in 0..<inner { backwardLane(arity, lane: lane, stride: inner, geometry, addresses, p, states, g, t, scratch) }
        }
    }

    /// Default: one backward pass per recurrence, specialized for the kernel's arity.
    @inlinable
    public func addScanShares(cotangent g: Tensor, operands: [Tensor], states: UnsafePointer<Double>, inner: Int,
                              into bars: StencilBars) {
        let count = operands.first?.count ?? 0
        guard count > 0, inner > 0 else { return }
        let geometry = StencilGeometry(reads: reads, count: count, inner: inner), arity = geometry.arity
        let chunk = StencilGeometry.scanChunk
        @_transparent func moved(_ j: Int) -> UnsafeMutablePointer<Double>? {
            j < arity ? bars[j].map { $0 - geometry.moved(j) } : nil
        }
        let t = (moved(0), moved(1), moved(2), moved(3))
        let kept = ScanRows(UnsafeMutablePointer(mutating: states), row: count)
        withOperandAddresses(operands) { addresses in
            g.scalars.withUnsafeBufferPointer { gs in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: 8 * chunk) { buffer in
                    guard let gBase = gs.baseAddress, let base = buffer.baseAddress else { return }
                    let scratch = ScanRows(base, row: chunk)
                    switch arity {
                    case 1: backwardLanes(1, inner: inner, geometry, addresses, kept, gBase, t, scratch)
                    case 2: backwardLanes(2, inner: inner, geometry, addresses, kept, gBase, t, scratch)
                    case 3: backwardLanes(3, inner: inner, geometry, addresses, kept, gBase, t, scratch)
                    default: backwardLanes(4, inner: inner, geometry, addresses, kept, gBase, t, scratch)
                    }
                }
            }
        }
    }
}
