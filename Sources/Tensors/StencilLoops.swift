import AutoDiff
import Rules

// The loops of `Tensor.stencil` and of its pullback, as `@inlinable` defaults of `StencilKernel` so
// each kernel's body is inlined into them: in the interior (every read inside its operand) the
// loop is straight-line code over raw pointers that the compiler vectorizes; the few edge elements
// go through `read`, which substitutes the fill.

/// Where each read of a stencil lands in flat scalar indices: element index k reads
/// k − `moved[j]`, valid for k in `valid(j)`; in `interior` every read is valid.
@usableFromInline
struct StencilGeometry {
    @usableFromInline let count: Int
    @usableFromInline let moved: [Int]
    @usableFromInline let interior: Range<Int>

    @usableFromInline
    init(reads: [StencilRead], count: Int, inner: Int) {
        self.count = count
        moved = reads.map { $0.offset * inner }
        let lower = Swift.min(count, Swift.max(0, moved.max() ?? 0))
        let upper = Swift.max(lower, Swift.min(count, count + (moved.min() ?? 0)))
        interior = lower..<upper
    }

    /// The elements whose read j is inside its operand.
    @usableFromInline
    func valid(_ j: Int) -> Range<Int> {
        let lower = Swift.min(count, Swift.max(0, moved[j]))
        return lower..<Swift.max(lower, Swift.min(count, count + moved[j]))
    }
}

/// Calls `body` with the base address of every operand's scalars (nil for an empty operand).
@inlinable
func withOperandAddresses<R>(_ operands: ArraySlice<Tensor>, _ collected: [UnsafePointer<Double>?] = [],
                             _ body: ([UnsafePointer<Double>?]) -> R) -> R {
    guard let first = operands.first else { return body(collected) }
    return first.scalars.withUnsafeBufferPointer { buffer in
        withOperandAddresses(operands.dropFirst(), collected + [buffer.baseAddress], body)
    }
}

extension StencilKernel {
    /// Read j of element k, the fill outside the operand.
    @inlinable @inline(__always)
    func read(_ j: Int, _ k: Int, _ reads: [StencilRead], _ geometry: StencilGeometry,
              _ addresses: [UnsafePointer<Double>?]) -> Double {
        let index = k - geometry.moved[j]
        guard index >= 0, index < geometry.count, let base = addresses[reads[j].operand] else { return reads[j].fill }
        return base[index]
    }

    /// The pointers through which element k's reads are `pᵢ[k]` (unused slots repeat the first).
    @inlinable @inline(__always)
    func shiftedPointers(_ reads: [StencilRead], _ geometry: StencilGeometry, _ addresses: [UnsafePointer<Double>?])
        -> (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>)? {
        var p: [UnsafePointer<Double>] = []
        for (j, r) in reads.enumerated() {
            guard let base = addresses[r.operand] else { return nil }
            p.append(base - geometry.moved[j])
        }
        while p.count < 4 { p.append(p[0]) }
        return (p[0], p[1], p[2], p[3])
    }

    /// Element k's reads in the interior, for a constant `arity`.
    @inlinable @inline(__always)
    func interiorReads(_ arity: Int, _ p: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>),
                       _ k: Int) -> StencilReads<Double> {
        StencilReads(p.0[k], arity > 1 ? p.1[k] : 0, arity > 2 ? p.2[k] : 0, arity > 3 ? p.3[k] : 0)
    }

    /// The interior loop of `stencilValues` for a constant `arity`.
    @inlinable @inline(__always)
    func valuesLoop(_ arity: Int, _ p: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>),
                    _ range: Range<Int>, _ out: UnsafeMutablePointer<Double>) {
        for k in range { out[k] = evaluate(interiorReads(arity, p, k)) }
    }

    /// Default: one pass, the interior vectorized, the edges with fills.
    @inlinable
    public func stencilValues(_ operands: [Tensor], inner: Int) -> [Double] {
        let reads = self.reads, count = operands.first?.count ?? 0
        let geometry = StencilGeometry(reads: reads, count: count, inner: inner)
        return [Double](unsafeUninitializedCapacity: count) { out, initialized in
            withOperandAddresses(operands[...]) { addresses in
                guard let target = out.baseAddress else { return }
                let arity = reads.count
                var edges = Array(0..<geometry.interior.lowerBound) + Array(geometry.interior.upperBound..<count)
                if let p = shiftedPointers(reads, geometry, addresses) {
                    switch arity {
                    case 1: valuesLoop(1, p, geometry.interior, target)
                    case 2: valuesLoop(2, p, geometry.interior, target)
                    case 3: valuesLoop(3, p, geometry.interior, target)
                    default: valuesLoop(4, p, geometry.interior, target)
                    }
                } else {
                    edges = Array(0..<count)
                }
                for k in edges {
                    func r(_ j: Int) -> Double { j < arity ? read(j, k, reads, geometry, addresses) : 0 }
                    target[k] = evaluate(StencilReads(r(0), r(1), r(2), r(3)))
                }
            }
            initialized = count
        }
    }

    /// The interior loop of `addStencilShare` for a constant `arity`: the body on duals seeded
    /// with `seeds` (1 on read j), its tangent times ḡ added where read j came from.
    @inlinable @inline(__always)
    func shareLoop(_ arity: Int, _ p: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>),
                   seeds s: StencilReads<Double>, _ range: Range<Int>, moved: Int,
                   _ g: UnsafePointer<Double>, _ bar: UnsafeMutablePointer<Double>) {
        let target = bar - moved
        for k in range {
            let v = interiorReads(arity, p, k)
            let d = evaluate(StencilReads(Dual(v[0], tangent: s[0]), Dual(v[1], tangent: s[1]),
                                          Dual(v[2], tangent: s[2]), Dual(v[3], tangent: s[3])))
            target[k] += g[k] * d.tangent
        }
    }

    /// Default: one pass over the elements whose read j is inside its operand.
    @inlinable
    public func addStencilShare(read j: Int, cotangent g: Tensor, operands: [Tensor], inner: Int,
                                into bar: UnsafeMutableBufferPointer<Double>) {
        let reads = self.reads, count = operands.first?.count ?? 0
        let geometry = StencilGeometry(reads: reads, count: count, inner: inner)
        let valid = geometry.valid(j), moved = geometry.moved[j], arity = reads.count
        func seed(_ i: Int) -> Double { i == j ? 1 : 0 }
        let seeds = StencilReads(seed(0), seed(1), seed(2), seed(3))
        withOperandAddresses(operands[...]) { addresses in
            g.scalars.withUnsafeBufferPointer { gs in
                guard let gBase = gs.baseAddress, let barBase = bar.baseAddress else { return }
                var edges = Array(valid)
                if let p = shiftedPointers(reads, geometry, addresses), !geometry.interior.isEmpty {
                    edges = Array(valid.lowerBound..<geometry.interior.lowerBound) + Array(geometry.interior.upperBound..<valid.upperBound)
                    switch arity {
                    case 1: shareLoop(1, p, seeds: seeds, geometry.interior, moved: moved, gBase, barBase)
                    case 2: shareLoop(2, p, seeds: seeds, geometry.interior, moved: moved, gBase, barBase)
                    case 3: shareLoop(3, p, seeds: seeds, geometry.interior, moved: moved, gBase, barBase)
                    default: shareLoop(4, p, seeds: seeds, geometry.interior, moved: moved, gBase, barBase)
                    }
                }
                for k in edges {
                    func r(_ i: Int) -> Dual<Double> { Dual(i < arity ? read(i, k, reads, geometry, addresses) : 0, tangent: seeds[i]) }
                    barBase[k - moved] += gBase[k] * evaluate(StencilReads(r(0), r(1), r(2), r(3))).tangent
                }
            }
        }
    }
}
