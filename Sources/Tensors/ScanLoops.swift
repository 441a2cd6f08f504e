import CContraction
import Rules

// The loops of `Tensor.scan` and of its pullback, as `@inlinable` defaults of `ScanKernel` so each
// kernel's body is inlined into them. Each position of a slice is one recurrence along the leading
// axis (for a vector, the whole vector).
//
// Only the carried values make a recurrence; an element's value, given what it received, does not
// depend on its neighbours. So the interior (every read inside its operand) goes in chunks of
// `StencilGeometry.scanChunk` elements, each in two passes: a sequential one that runs just the
// carried values through the chunk into scratch rows (the element values are dead code there and
// compiled out), then an elementwise one that computes the element values from those, which has no
// dependence between iterations. The sequential pass stores each carried value after computing it,
// so it is a set of fixed-order recurrences; both passes vectorize.
//
// A recording pass keeps what every element received for short vectors, else only what each
// chunk's first element and each edge element received, from which the backward pass reruns a
// chunk into scratch (so the tape holds a few numbers per chunk, not the carried values of every
// element). The backward pass walks each chunk down once, computing the cotangents of what each
// element received and each read's share into a scratch row, then adds each row where its read
// came from. The few edge elements (reads filled outside their operands) take one fused step each.
// Nothing is allocated per element.

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

/// What a recording pass keeps. Short vectors (`StencilGeometry.keepsEveryState`) keep what every
/// element received (value m of element k at `base[m · count + k]`), which spares the pullback a
/// rerun. Otherwise, per recurrence: what each leading edge element received, what each interior
/// chunk's first element received, what each trailing edge element received, in that order
/// (`perLane` records of `carryCount` values, interleaved), from which the pullback reruns a chunk.
@usableFromInline @frozen
struct ScanRecords {
    @usableFromInline let base: UnsafeMutablePointer<Double>
    @usableFromInline let perLane: Int
    @usableFromInline let everyState: Bool
    @usableFromInline let count: Int

    @usableFromInline @_transparent
    init(_ base: UnsafeMutablePointer<Double>, _ geometry: StencilGeometry, inner: Int, carryCount c: Int) {
        self.base = base
        everyState = geometry.keepsEveryState(inner: inner, carryCount: c)
        perLane = geometry.recordsPerLane(stride: inner)
        count = geometry.count
    }

    /// Where record `q` of recurrence `lane` (element k) is: rows and the index in them.
    @usableFromInline @_transparent
    func at(lane: Int, _ q: Int, element k: Int, count c: Int) -> (rows: ScanRows, index: Int) {
        everyState ? (ScanRows(base, row: count), k) : (ScanRows(base + (lane &* perLane &+ q) &* c, row: 1), 0)
    }

    /// With every state kept (a vector): the rows of the chunk that starts at element `start`.
    @usableFromInline @_transparent
    func chunk(from start: Int) -> ScanRows { ScanRows(base + start, row: count) }
}

extension StencilGeometry {
    /// Elements per chunk of a scan's interior: the scratch rows of one chunk (at most 8 of them)
    /// stay in the first-level cache.
    @usableFromInline @_transparent
    static var scanChunk: Int { 256 }

    /// Records a recording pass keeps per recurrence when it does not keep every state (see `ScanRecords`).
    @usableFromInline @_transparent
    func recordsPerLane(stride: Int) -> Int {
        let (elements, lower, upper) = laneBounds(lane: 0, stride: stride)
        return lower + (upper - lower + Self.scanChunk - 1) / Self.scanChunk + (elements - upper)
    }

    /// Whether a recording pass keeps what every element received: for vectors whose states are
    /// at most 2¹³ scalars (64 KB), where keeping them costs less than the pullback's rerun.
    @usableFromInline @_transparent
    func keepsEveryState(inner: Int, carryCount c: Int) -> Bool { inner == 1 && count * c <= 1 << 13 }

    /// Scalars a recording pass keeps (see `ScanRecords`).
    @usableFromInline @_transparent
    func recordScalars(inner: Int, carryCount c: Int) -> Int {
        keepsEveryState(inner: inner, carryCount: c) ? c * count : c * inner * recordsPerLane(stride: inner)
    }

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

    /// The carried values through elements start ..< end of the interior of one recurrence, from
    /// `carry` (what element `start` receives), each element's received values stored at its
    /// position in the chunk in `rows`; leaves what the last carries on in `carry`. Each value is
    /// stored after it is computed, as what the next element receives: no carried value is used
    /// before its update in the loop, so the loop is a set of fixed-order recurrences the compiler
    /// vectorizes when the body has no cycle through them.
    @usableFromInline @_transparent
    func carryThrough(_ arity: Int, lane: Int, stride: Int, _ start: Int, _ end: Int, _ p: StencilPointers,
                      _ carry: inout ScanCarry<Double>, into rows: ScanRows) {
        let c = Self.carryCount
        rows.store(carry, 0, count: c)
        for i in start..<(end &- 1) {
            _ = evaluate(StencilGeometry.interiorReads(arity, p, lane &+ i &* stride), carry: &carry)
            rows.store(carry, i &+ 1 &- start, count: c)
        }
        _ = evaluate(StencilGeometry.interiorReads(arity, p, lane &+ (end &- 1) &* stride), carry: &carry)
    }

    /// The forward pass along one recurrence (elements lane, lane + stride, …) for a constant
    /// `arity`: the leading edge fused, the interior in chunks of two passes (see the top of this
    /// file), the trailing edge fused. When recording, `records` gets what each edge element and
    /// each chunk's first element received.
    @usableFromInline @_transparent
    func forwardLane(_ arity: Int, record: Bool, lane: Int, stride: Int, _ geometry: StencilGeometry, _ addresses: StencilPointers,
                     _ p: StencilPointers, _ out: UnsafeMutablePointer<Double>, _ records: ScanRecords, _ scratch: ScanRows) {
        let (elements, lower, upper) = geometry.laneBounds(lane: lane, stride: stride), c = Self.carryCount
        var carry = initialCarry, q = 0
        @_transparent func keep(_ k: Int) {
            let (rows, index) = records.at(lane: lane, q, element: k, count: c)
            rows.store(carry, index, count: c)
            q &+= 1
        }
        @_transparent func fused(_ i: Int) {
            let k = lane &+ i &* stride
            if record { keep(k) }
            out[k] = evaluate(geometry.edgeReads(k, addresses), carry: &carry)
        }
        for i in 0..<lower { fused(i) }
        var start = lower
        while start < upper {
            let end = Swift.min(upper, start &+ StencilGeometry.scanChunk)
            // What each element receives: into the kept states, or scratch and a checkpoint.
            let rows = record && records.everyState ? records.chunk(from: start) : scratch
            if record && !records.everyState { keep(lane &+ start &* stride) }
            carryThrough(arity, lane: lane, stride: stride, start, end, p, &carry, into: rows)
            // The element values from what each received (the carried values are unused here).
            for i in start..<end {
                let k = lane &+ i &* stride
                var received = rows.load(i &- start, count: c)
                out[k] = evaluate(StencilGeometry.interiorReads(arity, p, k), carry: &received)
            }
            start = end
        }
        for i in upper..<elements { fused(i) }
    }

    /// `forwardLane` for every position of a slice, with a vector's stride 1 made a constant.
    @usableFromInline @_transparent
    func forwardLanes(_ arity: Int, record: Bool, inner: Int, _ geometry: StencilGeometry, _ addresses: StencilPointers,
                      _ out: UnsafeMutablePointer<Double>, _ records: ScanRecords, _ scratch: ScanRows) {
        let p = geometry.shifted(addresses)
        if inner == 1 {
            forwardLane(arity, record: record, lane: 0, stride: 1, geometry, addresses, p, out, records, scratch)
        } else {
            for lane in 0..<inner { forwardLane(arity, record: record, lane: lane, stride: inner, geometry, addresses, p, out, records, scratch) }
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
                // Without states the recording branches are compiled out and `records` is never used.
                let record = states != nil
                let records = ScanRecords(states ?? base, geometry, inner: inner, carryCount: Self.carryCount)
                switch (geometry.arity, record) {
                case (1, false): forwardLanes(1, record: false, inner: inner, geometry, addresses, out, records, scratch)
                case (2, false): forwardLanes(2, record: false, inner: inner, geometry, addresses, out, records, scratch)
                case (3, false): forwardLanes(3, record: false, inner: inner, geometry, addresses, out, records, scratch)
                case (_, false): forwardLanes(4, record: false, inner: inner, geometry, addresses, out, records, scratch)
                case (1, true): forwardLanes(1, record: true, inner: inner, geometry, addresses, out, records, scratch)
                case (2, true): forwardLanes(2, record: true, inner: inner, geometry, addresses, out, records, scratch)
                case (3, true): forwardLanes(3, record: true, inner: inner, geometry, addresses, out, records, scratch)
                case (_, true): forwardLanes(4, record: true, inner: inner, geometry, addresses, out, records, scratch)
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
        @_transparent func input(_ value: Double, _ seeded: Bool) -> StructuralDual { StructuralDual(value, seeded: seeded) }
        var carry = ScanCarry(input(s[0], seed == 4), input(s[1], seed == 5), input(s[2], seed == 6), input(s[3], seed == 7))
        let value = evaluate(StencilReads(input(v[0], seed == 0), input(v[1], seed == 1), input(v[2], seed == 2),
                                          input(v[3], seed == 3)), carry: &carry)
        // A sum of the nonzero terms only (no `0 + …` left for the compiler to keep).
        var total = 0.0, started = false
        @_transparent func add(_ term: StructuralDual, _ weight: Double) {
            guard !term.isZero else { return }
            total = started ? slope_multiply_add(weight, term.tangent, total) : weight * term.tangent
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

    /// The element's vector–Jacobian product: the cotangents of what it read (the first `arity`)
    /// and of what it received, from those of its value (`gk`) and of what it carries on
    /// (`carried`). The kernel's compiled `elementPullback` where it has one, else one `share`
    /// per input.
    @usableFromInline @_transparent
    func elementShares(_ arity: Int, _ v: StencilReads<Double>, _ s: ScanCarry<Double>, _ gk: Double,
                       _ carried: ScanCarry<Double>) -> (reads: StencilReads<Double>, received: ScanCarry<Double>) {
        if let compiled = elementPullback(v, received: s, cotangent: gk, carried: carried) { return compiled }
        let c = Self.carryCount
        let reads = StencilReads(share(seed: 0, v, s, gk, carried), arity > 1 ? share(seed: 1, v, s, gk, carried) : 0,
                                 arity > 2 ? share(seed: 2, v, s, gk, carried) : 0, arity > 3 ? share(seed: 3, v, s, gk, carried) : 0)
        return (reads, ScanCarry(share(seed: 4, v, s, gk, carried), c > 1 ? share(seed: 5, v, s, gk, carried) : 0,
                                 c > 2 ? share(seed: 6, v, s, gk, carried) : 0, c > 3 ? share(seed: 7, v, s, gk, carried) : 0))
    }

    /// One fused backward element (the edges), which received `s`: adds each wanted read's share
    /// where the element read it, if that is inside its operand, and replaces `carried` by the
    /// cotangents of what the element received.
    @usableFromInline @_transparent
    func backwardElement(_ arity: Int, _ k: Int, _ s: ScanCarry<Double>, _ geometry: StencilGeometry, _ addresses: StencilPointers,
                         _ g: UnsafePointer<Double>, _ t: ScanTargets, _ carried: inout ScanCarry<Double>) {
        let v = geometry.edgeReads(k, addresses), bars = elementShares(arity, v, s, g[k], carried)
        @_transparent func add(_ j: Int, _ target: UnsafeMutablePointer<Double>?) {
            guard let target else { return }
            let index = k &- geometry.moved(j)
            if index >= 0 && index < geometry.count { target[k] += bars.reads[j] }
        }
        add(0, t.0)
        if arity > 1 { add(1, t.1) }
        if arity > 2 { add(2, t.2) }
        if arity > 3 { add(3, t.3) }
        carried = bars.received
    }

    /// The backward pass along one recurrence (its elements from the last down) for a constant
    /// `arity`: the trailing edge fused, the interior in chunks from the last (what each element
    /// received, kept or rerun from the chunk's record into `scratch` rows 0 ..< 4; down the chunk
    /// the cotangents of what each element received and the reads' shares into rows 4 ..< 4 + arity;
    /// each share row added where its read came from), the leading edge fused. Nothing flows back
    /// past the first element.
    @usableFromInline @_transparent
    func backwardLane(_ arity: Int, lane: Int, stride: Int, _ geometry: StencilGeometry, _ addresses: StencilPointers,
                      _ p: StencilPointers, _ records: ScanRecords, _ g: UnsafePointer<Double>, _ t: ScanTargets, _ scratch: ScanRows) {
        let (elements, lower, upper) = geometry.laneBounds(lane: lane, stride: stride), c = Self.carryCount
        let chunk = StencilGeometry.scanChunk, chunks = (upper - lower + chunk - 1) / chunk
        let shares = ScanRows(scratch.base + 4 &* chunk, row: chunk)
        @_transparent func record(_ q: Int, _ i: Int) -> ScanCarry<Double> {
            let (rows, index) = records.at(lane: lane, q, element: lane &+ i &* stride, count: c)
            return rows.load(index, count: c)
        }
        var carried = ScanCarry<Double>(0)
        var i = elements
        while i > upper {
            i &-= 1
            backwardElement(arity, lane &+ i &* stride, record(lower &+ chunks &+ i &- upper, i), geometry, addresses, g, t, &carried)
        }
        var index = chunks
        while index > 0 {
            index &-= 1
            let start = lower &+ index &* chunk, end = Swift.min(upper, start &+ chunk)
            // What each element received: kept, or rerun from the chunk's record.
            let received = records.everyState ? records.chunk(from: start) : scratch
            if !records.everyState {
                var carry = record(lower &+ index, start)
                carryThrough(arity, lane: lane, stride: stride, start, end, p, &carry, into: scratch)
            }
            // Down the chunk: each element's cotangents of what it received (the recurrence)
            // and, from what it got from above, each read's share into its row. The shares use
            // the carried cotangents only after their update, so the loop vectorizes as a set of
            // fixed-order recurrences (see `carryThrough`).
            i = end
            while i > start {
                i &-= 1
                let k = lane &+ i &* stride, position = i &- start
                let v = StencilGeometry.interiorReads(arity, p, k), s = received.load(position, count: c)
                let bars = elementShares(arity, v, s, g[k], carried)
                carried = bars.received
                shares.base[position] = bars.reads[0]
                if arity > 1 { shares.base[chunk &+ position] = bars.reads[1] }
                if arity > 2 { shares.base[2 &* chunk &+ position] = bars.reads[2] }
                if arity > 3 { shares.base[3 &* chunk &+ position] = bars.reads[3] }
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
        }
        i = lower
        while i > 0 {
            i &-= 1
            backwardElement(arity, lane &+ i &* stride, record(i, i), geometry, addresses, g, t, &carried)
        }
    }

    /// `backwardLane` for every position of a slice, with a vector's stride 1 made a constant.
    @usableFromInline @_transparent
    func backwardLanes(_ arity: Int, inner: Int, _ geometry: StencilGeometry, _ addresses: StencilPointers, _ records: ScanRecords,
                       _ g: UnsafePointer<Double>, _ t: ScanTargets, _ scratch: ScanRows) {
        let p = geometry.shifted(addresses)
        if inner == 1 {
            backwardLane(arity, lane: 0, stride: 1, geometry, addresses, p, records, g, t, scratch)
        } else {
            for lane in 0..<inner { backwardLane(arity, lane: lane, stride: inner, geometry, addresses, p, records, g, t, scratch) }
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
        let records = ScanRecords(UnsafeMutablePointer(mutating: states), geometry, inner: inner, carryCount: Self.carryCount)
        withOperandAddresses(operands) { addresses in
            g.scalars.withUnsafeBufferPointer { gs in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: 8 * chunk) { buffer in
                    guard let gBase = gs.baseAddress, let base = buffer.baseAddress else { return }
                    let scratch = ScanRows(base, row: chunk)
                    switch arity {
                    case 1: backwardLanes(1, inner: inner, geometry, addresses, records, gBase, t, scratch)
                    case 2: backwardLanes(2, inner: inner, geometry, addresses, records, gBase, t, scratch)
                    case 3: backwardLanes(3, inner: inner, geometry, addresses, records, gBase, t, scratch)
                    default: backwardLanes(4, inner: inner, geometry, addresses, records, gBase, t, scratch)
                    }
                }
            }
        }
    }
}
