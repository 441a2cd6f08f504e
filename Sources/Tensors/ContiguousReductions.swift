import Rules

// Kernels for reductions along a contiguous axis (the last one, or any axis with nothing after
// it): each slice is a run of adjacent scalars, reduced with a few independent accumulators.

/// The largest of x[range] by the `max` primitive, with four running maxima (max is associative
/// and, NaN included, commutative in its value). `range` must not be empty.
@inline(__always)
func contiguousMax(_ x: UnsafePointer<Double>, _ range: Range<Int>) -> Double {
    let first = x[range.lowerBound]
    var m0 = first, m1 = first, m2 = first, m3 = first
    var k = range.lowerBound + 1
    while k + 4 <= range.upperBound {
        m0 = Binary.max.evaluate(m0, x[k])
        m1 = Binary.max.evaluate(m1, x[k + 1])
        m2 = Binary.max.evaluate(m2, x[k + 2])
        m3 = Binary.max.evaluate(m3, x[k + 3])
        k += 4
    }
    while k < range.upperBound { m0 = Binary.max.evaluate(m0, x[k]); k += 1 }
    return Binary.max.evaluate(Binary.max.evaluate(m0, m1), Binary.max.evaluate(m2, m3))
}

/// Σ exp(x[k] − shift) over `range` (the table's exp, eight lanes at a time), storing each
/// exponential at the same index of `kept` when given.
@inline(__always)
func contiguousExpSum(_ x: UnsafePointer<Double>, _ range: Range<Int>, shift: Double, kept: UnsafeMutablePointer<Double>?) -> Double {
    let width = Lanes.scalarCount
    var sums = Lanes(repeating: 0)
    var k = range.lowerBound
    while k + width <= range.upperBound {
        let e = Unary.exp.evaluate(lanes: UnsafeRawPointer(x + k).loadUnaligned(as: Lanes.self) - shift)
        if let kept { UnsafeMutableRawPointer(kept + k).storeBytes(of: e, as: Lanes.self) }
        sums += e
        k += width
    }
    var sum = sums.sum()
    while k < range.upperBound {
        let e = Unary.exp.evaluate(x[k] - shift)
        kept?[k] = e
        sum += e
        k += 1
    }
    return sum
}

/// Reduces `rows` rows of `length` adjacent scalars (row a is a·length..<(a+1)·length) into
/// out[a], across cores when large: whole rows per core when there are several, else the one row
/// cut into pieces whose partial results `combine` joins. `piece(a, range)` reduces part of row a.
/// Only work of a few milliseconds per core is split: on a loaded machine a helper thread can wait
/// a scheduler time slice, which would cost more than a shorter job saves.
func reduceContiguousRows(rows: Int, length: Int, into out: UnsafeMutablePointer<Double>,
                          _ piece: (_ row: Int, _ range: Range<Int>) -> Double,
                          combine: (Double, Double) -> Double) {
    let minimumChunk = parallelElementwiseChunk
    if rows != 1 {
        _ = parallelChunks(count: rows, minimumChunk: Swift.max(1, minimumChunk / Swift.max(length, 1))) { _, range in
            for a in range { out[a] = piece(a, (a * length)..<((a + 1) * length)) }
        }
        return
    }
    let chunks = chunkCount(count: length, minimumChunk: minimumChunk)
    var partial = [Double](repeating: 0, count: chunks)
    partial.withUnsafeMutableBufferPointer { p in
        _ = parallelChunks(count: length, minimumChunk: minimumChunk, maximumChunks: chunks) { c, range in
            p[c] = piece(0, range)
        }
    }
    out[0] = partial.dropFirst().reduce(partial[0], combine)
}

/// The fewest scalars per core for which elementwise work of the size of an exponential per scalar
/// is split across cores (about two milliseconds of it).
let parallelElementwiseChunk = 1 << 18
