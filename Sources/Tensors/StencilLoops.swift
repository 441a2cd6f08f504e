import AutoDiff
import Rules

// The loops of `Tensor.stencil` and of its pullback, as `@inlinable` defaults of `StencilKernel` so
// each kernel's body is inlined into them: in the interior (every read inside its operand) the
// loop is straight-line code over raw pointers that the compiler vectorizes; the few edge elements
// go through `read`, which substitutes the fill. Nothing here allocates per element, and little
// per call (small operations on short vectors are common: one Runge–Kutta stage of n = 1000).

/// Four raw pointers, one per read slot.
@usableFromInline
typealias StencilPointers = (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>)

/// Four mutable raw pointers, one per read slot.
@usableFromInline
typealias StencilTargets = (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>,
                            UnsafeMutablePointer<Double>)

/// A kernel's reads in flat scalar indices, in fixed slots: element index k reads operand
/// `operands[j]` at k − `moved[j]`, valid for k in `valid(j)`; in `interior` every read is valid.
@usableFromInline
struct StencilGeometry {
    @usableFromInline let count: Int
    @usableFromInline let arity: Int
    @usableFromInline let moved: (Int, Int, Int, Int)
    @usableFromInline let operands: (Int, Int, Int, Int)
    @usableFromInline let fills: (Double, Double, Double, Double)
    @usableFromInline let interior: Range<Int>

    @usableFromInline
    init(reads: [StencilRead], count: Int, inner: Int) {
        self.count = count
        arity = reads.count
        func slot(_ j: Int) -> StencilRead { j < reads.count ? reads[j] : reads[0] }
        let (r0, r1, r2, r3) = (slot(0), slot(1), slot(2), slot(3))
        moved = (r0.offset * inner, r1.offset * inner, r2.offset * inner, r3.offset * inner)
        operands = (r0.operand, r1.operand, r2.operand, r3.operand)
        fills = (r0.fill, r1.fill, r2.fill, r3.fill)
        let (m0, m1, m2, m3) = moved
        let lower = Swift.min(count, Swift.max(0, m0, m1, m2, m3))
        interior = lower..<Swift.max(lower, Swift.min(count, count + Swift.min(m0, m1, m2, m3)))
    }

    /// Slot j of a four-tuple.
    @inlinable @inline(__always)
    static func slot<T>(_ t: (T, T, T, T), _ j: Int) -> T {
        switch j {
        case 0: t.0
        case 1: t.1
        case 2: t.2
        default: t.3
        }
    }

    /// How far read j moves its operand, in scalars.
    @inlinable @inline(__always) func moved(_ j: Int) -> Int { Self.slot(moved, j) }

    /// The elements whose read j is inside its operand.
    @inlinable
    func valid(_ j: Int) -> Range<Int> {
        let lower = Swift.min(count, Swift.max(0, moved(j)))
        return lower..<Swift.max(lower, Swift.min(count, count + moved(j)))
    }

    /// Calls `body` for the elements of `range` outside `interior` (all of `range` when the interior is empty).
    @inlinable @inline(__always)
    func forEachEdge(of range: Range<Int>, _ body: (Int) -> Void) {
        if interior.isEmpty {
            for k in range { body(k) }
            return
        }
        for k in range.lowerBound..<Swift.max(range.lowerBound, interior.lowerBound) { body(k) }
        for k in Swift.min(range.upperBound, interior.upperBound)..<range.upperBound { body(k) }
    }

    /// Read j of element k from the operands' base addresses, the fill outside the operand.
    @inlinable @inline(__always)
    func read(_ j: Int, _ k: Int, _ addresses: StencilPointers) -> Double {
        let index = k - moved(j)
        guard j < arity, index >= 0, index < count else { return j < arity ? Self.slot(fills, j) : 0 }
        return Self.slot(addresses, Self.slot(operands, j))[index]
    }

    /// Pointers through which element k's reads are `pⱼ[k]` (unused slots repeat the first).
    @inlinable @inline(__always)
    func shifted(_ addresses: StencilPointers) -> StencilPointers {
        func p(_ j: Int) -> UnsafePointer<Double> {
            let s = j < arity ? j : 0
            return Self.slot(addresses, Self.slot(operands, s)) - moved(s)
        }
        return (p(0), p(1), p(2), p(3))
    }
}

/// One scalar that stands in for a missing operand (never read; shared, so no allocation per call).
@usableFromInline
let stencilPlaceholder: [Double] = [0]

/// Calls `body` with the base address of operand i's scalars, or of the placeholder when there is
/// no such operand or it is empty. The operands are read through a buffer pointer, so each array is
/// borrowed in place (no copy, no reference counting).
@inlinable @inline(__always)
func withOperandAddress<R>(_ operands: UnsafeBufferPointer<Tensor>, _ i: Int, _ body: (UnsafePointer<Double>) -> R) -> R {
    if i < operands.count, !operands[i].scalars.isEmpty {
        // Nonempty buffers have base addresses.
        return operands[i].scalars.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
    return stencilPlaceholder.withUnsafeBufferPointer { body($0.baseAddress!) }
}

/// Calls `body` with the base addresses of up to four operands' scalars (operands are nonempty;
/// missing ones point at a placeholder that is never read).
@inlinable
func withOperandAddresses<R>(_ operands: [Tensor], _ body: (StencilPointers) -> R) -> R {
    operands.withUnsafeBufferPointer { operands in
        withOperandAddress(operands, 0) { a0 in
            withOperandAddress(operands, 1) { a1 in
                withOperandAddress(operands, 2) { a2 in
                    withOperandAddress(operands, 3) { a3 in body((a0, a1, a2, a3)) }
                }
            }
        }
    }
}

extension StencilGeometry {
    /// Element k's reads in the interior through `shifted` pointers, for a constant `arity`
    /// (shared by the stencil and scan loops).
    @inlinable @inline(__always)
    static func interiorReads(_ arity: Int, _ p: StencilPointers, _ k: Int) -> StencilReads<Double> {
        StencilReads(p.0[k], arity > 1 ? p.1[k] : 0, arity > 2 ? p.2[k] : 0, arity > 3 ? p.3[k] : 0)
    }

    /// Element k's reads anywhere (fills outside the operands).
    @inlinable @inline(__always)
    func edgeReads(_ k: Int, _ addresses: StencilPointers) -> StencilReads<Double> {
        StencilReads(read(0, k, addresses), read(1, k, addresses), read(2, k, addresses), read(3, k, addresses))
    }
}

extension StencilKernel {
    /// The interior loop of `writeStencilValues` for a constant `arity`.
    @inlinable @inline(__always)
    func valuesLoop(_ arity: Int, _ p: StencilPointers, _ range: Range<Int>, _ out: UnsafeMutablePointer<Double>) {
        for k in range { out[k] = evaluate(StencilGeometry.interiorReads(arity, p, k)) }
    }

    /// Default: one pass, the interior vectorized, the edges with fills.
    @inlinable
    public func writeStencilValues(_ operands: [Tensor], inner: Int, into out: UnsafeMutablePointer<Double>) {
        let count = operands.first?.count ?? 0
        guard count > 0 else { return }
        let geometry = StencilGeometry(reads: reads, count: count, inner: inner)
        withOperandAddresses(operands) { addresses in
            let p = geometry.shifted(addresses)
            switch geometry.arity {
            case 1: valuesLoop(1, p, geometry.interior, out)
            case 2: valuesLoop(2, p, geometry.interior, out)
            case 3: valuesLoop(3, p, geometry.interior, out)
            default: valuesLoop(4, p, geometry.interior, out)
            }
            geometry.forEachEdge(of: 0..<count) { k in out[k] = evaluate(geometry.edgeReads(k, addresses)) }
        }
    }

    /// ∂(element)/∂(read j) at reads `v`: the body on duals with read j seeded and the other reads
    /// structural zeros (`StructuralDual`, as the scan pullback), so their terms are never computed.
    @inlinable @inline(__always)
    func partial(_ v: StencilReads<Double>, _ j: Int) -> Double {
        func seeded(_ i: Int) -> StructuralDual { StructuralDual(v[i], seeded: i == j) }
        return evaluate(StencilReads(seeded(0), seeded(1), seeded(2), seeded(3))).tangent
    }

    /// The interior loop of `addStencilShares` for a constant `arity` and a constant set of reads
    /// (`only` one read, or all reads when nil): each element's partials, times ḡ, added where
    /// each read came from. `t` are the cotangent buffers already moved by each read's offset.
    @inlinable @inline(__always)
    func sharesLoop(_ arity: Int, only: Int?, _ p: StencilPointers, _ range: Range<Int>, _ g: UnsafePointer<Double>,
                    _ t: StencilTargets) {
        for k in range {
            let v = StencilGeometry.interiorReads(arity, p, k), gk = g[k]
            if only == nil || only == 0 { t.0[k] += gk * partial(v, 0) }
            if arity > 1 && (only == nil || only == 1) { t.1[k] += gk * partial(v, 1) }
            if arity > 2 && (only == nil || only == 2) { t.2[k] += gk * partial(v, 2) }
            if arity > 3 && (only == nil || only == 3) { t.3[k] += gk * partial(v, 3) }
        }
    }

    /// `sharesLoop` with the arity made a constant.
    @inlinable @inline(__always)
    func sharesLoopForArity(_ arity: Int, only: Int?, _ p: StencilPointers, _ range: Range<Int>, _ g: UnsafePointer<Double>,
                            _ t: StencilTargets) {
        switch arity {
        case 1: sharesLoop(1, only: only, p, range, g, t)
        case 2: sharesLoop(2, only: only, p, range, g, t)
        case 3: sharesLoop(3, only: only, p, range, g, t)
        default: sharesLoop(4, only: only, p, range, g, t)
        }
    }

    /// Default: in the interior one pass for all reads when every read is wanted and they read
    /// distinct operands (no two add into one buffer), else one pass per wanted read; then the
    /// edges with fills.
    @inlinable
    public func addStencilShares(cotangent g: Tensor, operands: [Tensor], inner: Int, into bars: StencilBars) {
        let count = operands.first?.count ?? 0
        guard count > 0 else { return }
        let geometry = StencilGeometry(reads: reads, count: count, inner: inner)
        let arity = geometry.arity
        var distinct = true
        for j in 0..<arity {
            if bars[j] == nil { distinct = false }
            for i in 0..<j where StencilGeometry.slot(geometry.operands, i) == StencilGeometry.slot(geometry.operands, j) { distinct = false }
        }
        withOperandAddresses(operands) { addresses in
            g.scalars.withUnsafeBufferPointer { gs in
                guard let gBase = gs.baseAddress else { return }
                let p = geometry.shifted(addresses)
                // Unwanted reads point at a scratch slot that the loops for them never write.
                var scratch = 0.0
                withUnsafeMutablePointer(to: &scratch) { unused in
                    func moved(_ j: Int) -> UnsafeMutablePointer<Double> {
                        j < arity ? (bars[j].map { $0 - geometry.moved(j) } ?? unused) : unused
                    }
                    let t = (moved(0), moved(1), moved(2), moved(3))
                    if distinct {
                        sharesLoopForArity(arity, only: nil, p, geometry.interior, gBase, t)
                    } else {
                        for j in 0..<arity where bars[j] != nil {
                            switch j {
                            case 0: sharesLoopForArity(arity, only: 0, p, geometry.interior, gBase, t)
                            case 1: sharesLoopForArity(arity, only: 1, p, geometry.interior, gBase, t)
                            case 2: sharesLoopForArity(arity, only: 2, p, geometry.interior, gBase, t)
                            default: sharesLoopForArity(arity, only: 3, p, geometry.interior, gBase, t)
                            }
                        }
                    }
                }
                // The elements whose read j is inside its operand but some other read is not.
                for j in 0..<arity {
                    guard let bar = bars[j] else { continue }
                    let moved = geometry.moved(j)
                    geometry.forEachEdge(of: geometry.valid(j)) { k in
                        bar[k - moved] += gBase[k] * partial(geometry.edgeReads(k, addresses), j)
                    }
                }
            }
        }
    }
}
