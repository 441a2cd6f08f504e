import CContraction

/// Which operand of a matrix product is read transposed.
public enum TransposedOperand: Sendable, Equatable {
    /// Aᵀ·B: the left operand is stored k×m.
    case left
    /// A·Bᵀ: the right operand is stored n×k.
    case right
}

extension Tensor {
    /// The matrix product with one operand read transposed, without forming the transpose:
    /// `A.matmul(B, transposing: .left)` is Aᵀ·B (A is k×m, B is k×n), and
    /// `A.matmul(B, transposing: .right)` is A·Bᵀ (A is m×k, B is n×k).
    ///
    /// ```swift
    /// let a = try Tensor(rows: [[1, 2], [3, 4]])
    /// try a.matmul(a, transposing: .left)    // Aᵀ·A = [[10, 14], [14, 20]]
    /// try a.matmul(a, transposing: .right)   // A·Aᵀ = [[5, 11], [11, 25]]
    /// ```
    public func matmul(_ b: Tensor, transposing side: TransposedOperand) throws -> Tensor {
        let name = side == .left ? "matmul (left transposed)" : "matmul (right transposed)"
        guard rank == 2 else { throw TensorError.rank(operation: name, expected: 2, actual: rank) }
        guard b.rank == 2 else { throw TensorError.rank(operation: name, expected: 2, actual: b.rank) }
        switch side {
        case .left:
            guard b.shape[0] == shape[0] else { throw TensorError.shapeMismatch(operation: name, left: shape, right: b.shape) }
            let (k, m, n) = (shape[0], shape[1], b.shape[1])
            return Tensor(unchecked: [m, n], product(m: m, n: n, k: k, leftRowStride: 1, leftColumnStride: m, b))
        case .right:
            guard b.shape[1] == shape[1] else { throw TensorError.shapeMismatch(operation: name, left: shape, right: b.shape) }
            // Entry (i, j) is the dot product of two stored rows, both read contiguously.
            let (m, k, n) = (shape[0], shape[1], b.shape[0])
            var out = [Double](repeating: 0, count: m * n)
            if m == 0 || n == 0 || k == 0 { return Tensor(unchecked: [m, n], out) }
            scalars.withUnsafeBufferPointer { a in
                b.scalars.withUnsafeBufferPointer { bb in
                    out.withUnsafeMutableBufferPointer { o in
                        _ = parallelChunks(count: m, minimumChunk: Swift.max(1, (1 << 20) / Swift.max(k * n, 1))) { _, rows in
                            for i in rows {
                                for j in 0..<n { o[i * n + j] = dot(a.baseAddress! + i * k, bb.baseAddress! + j * k, k) }
                            }
                        }
                    }
                }
            }
            return Tensor(unchecked: [m, n], out)
        }
    }

    /// op(self)·b for a left operand whose entry (i, p) is at `i·leftRowStride + p·leftColumnStride`
    /// and a row-major k×n right operand: the m×n product's scalars.
    func product(m: Int, n: Int, k: Int, leftRowStride: Int, leftColumnStride: Int, _ b: Tensor) -> [Double] {
        if m == 0 || n == 0 || k == 0 { return [Double](repeating: 0, count: m * n) }
        // Every entry is written by the first depth block (`initializing`), so the buffer is not zeroed.
        return [Double](unsafeUninitializedCapacity: m * n) { o, initialized in
            scalars.withUnsafeBufferPointer { a in
                b.scalars.withUnsafeBufferPointer { bb in
                    // Zero entries of B may be skipped only if A has no infinity or NaN (0·∞ is NaN).
                    let finiteLeft = a.allSatisfy { $0.isFinite }
                    // Column groups of eight (one panel) split across cores when each core gets several million
                    // multiply-adds (milliseconds of work; shorter jobs lose more than they gain
                    // when a helper thread waits for a time slice on a loaded machine).
                    let groups = (n + 7) / 8
                    let minimumGroups = Swift.max(1, (1 << 23) / Swift.max(m * k * 8, 1))
                    _ = parallelChunks(count: groups, minimumChunk: minimumGroups) { _, range in
                        multiplyAccumulate(m: m, n: n, k: k, a: a.baseAddress!, rowStride: leftRowStride,
                                           columnStride: leftColumnStride, b: bb.baseAddress!, c: o.baseAddress!,
                                           columns: (range.lowerBound * 8)..<Swift.min(n, range.upperBound * 8),
                                           skippingZeroRows: finiteLeft, initializing: true)
                    }
                }
            }
            initialized = m * n
        }
    }
}

/// C[:, columns] += A·B[:, columns] for A(i, p) = a[i·rowStride + p·columnStride], B row-major k×n and
/// C row-major m×n; with `initializing`, C[:, columns] = A·B (C's entries there may be uninitialized
/// memory: the first depth block stores where the others add).
///
/// Blocked so that a slab of B (up to 256 rows × 256 columns) stays in cache while every row of A
/// passes over it. The slab is first copied into panels of eight columns, one `SIMD8` per row of B
/// (the rows of B are far apart in memory; a panel is read sequentially; a last panel narrower than
/// eight is padded with zeros), and an 8×8 register tile (eight rows of A times one panel) does the
/// multiply-adds: each loaded row segment of B feeds eight rows, each loaded entry of A eight
/// columns, and the eight accumulators are independent, so fused multiply–adds (`slope_multiply_add8`,
/// one instruction where the target has them) issue back to back instead of waiting on each other.
///
/// With `skippingZeroRows` (allowed when A is finite), each panel's multiply-adds run only over the
/// rows between its first and last row with a nonzero entry: a product with a block-triangular B
/// then does about half the work.
func multiplyAccumulate(m: Int, n: Int, k: Int, a: UnsafePointer<Double>, rowStride rs: Int, columnStride cs: Int,
                        b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>, columns: Range<Int>,
                        skippingZeroRows: Bool = false, initializing: Bool = false) {
    let columnBlock = 256, depthBlock = 256, width = 8
    let panels = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: (columnBlock / width) * Swift.min(depthBlock, k))
    defer { panels.deallocate() }
    // Eight rows of A over one depth block, entry p of each row together (A's rows may be far apart).
    let rowsOfA = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: Swift.min(depthBlock, k))
    defer { rowsOfA.deallocate() }
    // Per panel, the rows (relative to the slab) that hold a nonzero entry: first..<end.
    let firstRow = UnsafeMutablePointer<Int>.allocate(capacity: columnBlock / width)
    let endRow = UnsafeMutablePointer<Int>.allocate(capacity: columnBlock / width)
    defer { firstRow.deallocate(); endRow.deallocate() }
    var j0 = columns.lowerBound
    while j0 < columns.upperBound {
        let j1 = Swift.min(j0 + columnBlock, columns.upperBound)
        let panelCount = (j1 - j0 + width - 1) / width
        var p0 = 0
        while p0 < k {
            let p1 = Swift.min(p0 + depthBlock, k), depth = p1 - p0, replacing = initializing && p0 == 0
            // Pack: panel t holds columns j0 + 8t ..< j0 + 8t + 8 of rows p0..<p1, row after row.
            for t in 0..<panelCount {
                let panel = panels + t * depth, used = Swift.min(width, j1 - j0 - width * t)
                var first = depth, end = 0
                for p in p0..<p1 {
                    let source = b + p * n + j0 + width * t
                    var row = SIMD8<Double>()
                    if used == width {
                        row = UnsafeRawPointer(source).loadUnaligned(as: SIMD8<Double>.self)
                    } else {
                        for u in 0..<used { row[u] = source[u] }
                    }
                    panel[p - p0] = row
                    if any(row .!= 0) {
                        first = Swift.min(first, p - p0)
                        end = p - p0 + 1
                    }
                }
                (firstRow[t], endRow[t]) = skippingZeroRows ? (Swift.min(first, end), end) : (0, depth)
            }
            var i = 0
            while i + 8 <= m {
                for p in 0..<depth {
                    let entry = a + i &* rs + (p0 &+ p) &* cs
                    rowsOfA[p] = SIMD8(entry[0], entry[rs], entry[2 &* rs], entry[3 &* rs],
                                       entry[4 &* rs], entry[5 &* rs], entry[6 &* rs], entry[7 &* rs])
                }
                for t in 0..<panelCount {
                    let sums = tileOfEight(rowsOfA + firstRow[t], panel: panels + t &* depth + firstRow[t],
                                           depth: endRow[t] &- firstRow[t])
                    let out = c + i * n + j0 + width * t, used = Swift.min(width, j1 - j0 - width * t)
                    add(sums.0, to: out, count: used, replacing: replacing)
                    add(sums.1, to: out + n, count: used, replacing: replacing)
                    add(sums.2, to: out + 2 * n, count: used, replacing: replacing)
                    add(sums.3, to: out + 3 * n, count: used, replacing: replacing)
                    add(sums.4, to: out + 4 * n, count: used, replacing: replacing)
                    add(sums.5, to: out + 5 * n, count: used, replacing: replacing)
                    add(sums.6, to: out + 6 * n, count: used, replacing: replacing)
                    add(sums.7, to: out + 7 * n, count: used, replacing: replacing)
                }
                i += 8
            }
            while i < m {
                for t in 0..<panelCount {
                    let sum = row(a + i &* rs + (p0 &+ firstRow[t]) &* cs, columnStride: cs,
                                  panel: panels + t &* depth + firstRow[t], depth: endRow[t] &- firstRow[t])
                    add(sum, to: c + i * n + j0 + width * t, count: Swift.min(width, j1 - j0 - width * t), replacing: replacing)
                }
                i += 1
            }
            p0 = p1
        }
        j0 = j1
    }
}

/// Eight rows of A (`a[p]` holds their entries p) times `depth` rows of a packed panel: the eight
/// accumulators are independent, so the fused multiply–adds issue back to back, and every operand
/// is read at a fixed offset from one of two pointers.
@inline(__always)
private func tileOfEight(_ a: UnsafePointer<SIMD8<Double>>, panel: UnsafePointer<SIMD8<Double>>, depth: Int)
    -> (SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>)
{
    var c0 = SIMD8<Double>(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0
    let entries = UnsafeRawPointer(a).assumingMemoryBound(to: Double.self)
    for p in 0..<depth {
        let b = panel[p], e = entries + 8 &* p
        c0 = slope_multiply_add8(SIMD8(repeating: e[0]), b, c0)
        c1 = slope_multiply_add8(SIMD8(repeating: e[1]), b, c1)
        c2 = slope_multiply_add8(SIMD8(repeating: e[2]), b, c2)
        c3 = slope_multiply_add8(SIMD8(repeating: e[3]), b, c3)
        c4 = slope_multiply_add8(SIMD8(repeating: e[4]), b, c4)
        c5 = slope_multiply_add8(SIMD8(repeating: e[5]), b, c5)
        c6 = slope_multiply_add8(SIMD8(repeating: e[6]), b, c6)
        c7 = slope_multiply_add8(SIMD8(repeating: e[7]), b, c7)
    }
    return (c0, c1, c2, c3, c4, c5, c6, c7)
}

/// One row of A times `depth` rows of a packed panel, with four accumulators over alternate rows of
/// the panel (one would wait on its own previous multiply–add each time).
@inline(__always)
private func row(_ a: UnsafePointer<Double>, columnStride cs: Int, panel: UnsafePointer<SIMD8<Double>>, depth: Int) -> SIMD8<Double> {
    var s0 = SIMD8<Double>(), s1 = s0, s2 = s0, s3 = s0
    var entry = a, row = panel, p = 0
    while p &+ 4 <= depth {
        s0 = slope_multiply_add8(SIMD8(repeating: entry[0]), row[0], s0)
        s1 = slope_multiply_add8(SIMD8(repeating: entry[cs]), row[1], s1)
        s2 = slope_multiply_add8(SIMD8(repeating: entry[2 &* cs]), row[2], s2)
        s3 = slope_multiply_add8(SIMD8(repeating: entry[3 &* cs]), row[3], s3)
        entry += 4 &* cs
        row += 4
        p &+= 4
    }
    while p < depth {
        s0 = slope_multiply_add8(SIMD8(repeating: entry[0]), row[0], s0)
        entry += cs
        row += 1
        p &+= 1
    }
    return (s0 + s1) + (s2 + s3)
}

/// Adds the first `count` lanes of `sum` to the row segment at `out`, or with `replacing` stores them
/// there.
@inline(__always)
private func add(_ sum: SIMD8<Double>, to out: UnsafeMutablePointer<Double>, count: Int, replacing: Bool) {
    if count == 8 {
        let raw = UnsafeMutableRawPointer(out)
        raw.storeBytes(of: replacing ? sum : raw.loadUnaligned(as: SIMD8<Double>.self) + sum, as: SIMD8<Double>.self)
    } else {
        for u in 0..<count { out[u] = replacing ? sum[u] : out[u] + sum[u] }
    }
}
