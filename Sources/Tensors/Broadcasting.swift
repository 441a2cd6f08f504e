/// NumPy-style broadcasting: shapes are aligned on the right; each pair of dimensions must be
/// equal or one of them 1 (which is stretched).
public enum Broadcasting {
    /// The shape two operands broadcast to, or nil if they are incompatible.
    public static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = Swift.max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da != db && da != 1 && db != 1 { return nil }
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// For each element of `out` (row-major), the offset of the element of a `source`-shaped tensor
    /// that broadcasting reads.
    public static func offsets(of source: [Int], into out: [Int]) -> [Int] {
        let rank = out.count
        let lead = rank - source.count
        var strides = [Int](repeating: 0, count: rank)
        var step = 1
        for i in stride(from: source.count - 1, through: 0, by: -1) {
            strides[i + lead] = source[i] == 1 ? 0 : step
            step *= source[i]
        }
        let total = out.reduce(1, *)
        var result = [Int](repeating: 0, count: total)
        if total == 0 || rank == 0 { return result }
        // Run by run along the last axis (offsets there step by its stride), then the multi-index
        // of the axes before it advances like an odometer, updating the source offset incrementally.
        let last = rank - 1, runLength = out[last], runStride = strides[last]
        var index = [Int](repeating: 0, count: rank)
        var offset = 0
        result.withUnsafeMutableBufferPointer { r in
            var k = 0
            while k < total {
                for j in 0..<runLength { r[k + j] = offset + j * runStride }
                k += runLength
                var d = last - 1
                while d >= 0 {
                    index[d] += 1
                    offset += strides[d]
                    if index[d] < out[d] { break }
                    offset -= strides[d] * out[d]
                    index[d] = 0
                    d -= 1
                }
            }
        }
        return result
    }

    /// Whether `x` holds one scalar that broadcasting stretches over `shape` without changing it
    /// (rank at most that of `shape`, every dimension 1).
    public static func isScalar(_ x: Tensor, within shape: [Int]) -> Bool {
        x.count == 1 && x.rank <= shape.count && x.shape.allSatisfy { $0 == 1 }
    }

    /// The operand's element count when `source` is exactly the trailing dimensions of `out` (a
    /// row [d] against a matrix [n, d]): then the element read for result k is k mod that count,
    /// with no index map. Nil otherwise.
    public static func trailingPeriod(of source: [Int], into out: [Int]) -> Int? {
        guard !source.isEmpty, source.count < out.count, Array(out.suffix(source.count)) == source else { return nil }
        let period = source.reduce(1, *)
        return period > 0 ? period : nil
    }

    /// Sums a cotangent of the broadcast shape back onto the operand's shape (the VJP of broadcasting).
    public static func reduce(_ cotangent: Tensor, to shape: [Int]) -> Tensor {
        if cotangent.shape == shape { return cotangent }
        if shape.allSatisfy({ $0 == 1 }) { return Tensor(unchecked: shape, [cotangent.sum().scalars[0]]) }
        if let period = trailingPeriod(of: shape, into: cotangent.shape) {
            var result = [Double](repeating: 0, count: period)
            cotangent.scalars.withUnsafeBufferPointer { g in
                result.withUnsafeMutableBufferPointer { r in
                    var k = 0
                    while k < g.count {
                        for j in 0..<period { r[j] += g[k + j] }
                        k += period
                    }
                }
            }
            return Tensor(unchecked: shape, result)
        }
        let map = offsets(of: shape, into: cotangent.shape)
        var result = [Double](repeating: 0, count: shape.reduce(1, *))
        for (k, o) in map.enumerated() { result[o] += cotangent.scalars[k] }
        return Tensor(unchecked: shape, result)
    }
}
