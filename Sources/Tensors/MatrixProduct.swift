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
        var out = [Double](repeating: 0, count: m * n)
        if m == 0 || n == 0 || k == 0 { return out }
        scalars.withUnsafeBufferPointer { a in
            b.scalars.withUnsafeBufferPointer { bb in
                out.withUnsafeMutableBufferPointer { o in
                    // Zero entries of B may be skipped only if A has no infinity or NaN (0·∞ is NaN).
                    let finiteLeft = a.allSatisfy { $0.isFinite }
                    // Column groups of four split across cores when each core gets several million
                    // multiply-adds (milliseconds of work; shorter jobs lose more than they gain
                    // when a helper thread waits for a time slice on a loaded machine).
                    let groups = (n + 3) / 4
                    let minimumGroups = Swift.max(1, (1 << 23) / Swift.max(m * k * 4, 1))
                    _ = parallelChunks(count: groups, minimumChunk: minimumGroups) { _, range in
                        multiplyAccumulate(m: m, n: n, k: k, a: a.baseAddress!, rowStride: leftRowStride,
                                           columnStride: leftColumnStride, b: bb.baseAddress!, c: o.baseAddress!,
                                           columns: (range.lowerBound * 4)..<Swift.min(n, range.upperBound * 4),
                                           skippingZeroRows: finiteLeft)
                    }
                }
            }
        }
        return out
    }
}

/// C[:, columns] += A·B[:, columns] for A(i, p) = a[i·rowStride + p·columnStride], B row-major k×n and
/// C row-major m×n.
///
/// Blocked so that a slab of B (up to 256 rows × 256 columns) stays in cache while every row of A
/// passes over it. The slab is first copied into panels of four columns stored one after another
/// (the rows of B are far apart in memory; the panels are read sequentially), and a 4×4 register
/// tile (four rows of A times one panel) does the multiply-adds: each loaded row segment of B feeds
/// four rows, each loaded entry of A four columns.
///
/// With `skippingZeroRows` (allowed when A is finite), each panel's multiply-adds run only over the
/// rows between its first and last row with a nonzero entry: a product with a block-triangular B
/// then does about half the work.
func multiplyAccumulate(m: Int, n: Int, k: Int, a: UnsafePointer<Double>, rowStride rs: Int, columnStride cs: Int,
                        b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>, columns: Range<Int>,
                        skippingZeroRows: Bool = false) {
    let columnBlock = 256, depthBlock = 256
    let panels = UnsafeMutablePointer<Double>.allocate(capacity: columnBlock * Swift.min(depthBlock, k))
    defer { panels.deallocate() }
    // Per panel, the rows (relative to the slab) that hold a nonzero entry: first..<end.
    let firstRow = UnsafeMutablePointer<Int>.allocate(capacity: columnBlock / 4)
    let endRow = UnsafeMutablePointer<Int>.allocate(capacity: columnBlock / 4)
    defer { firstRow.deallocate(); endRow.deallocate() }
    var j0 = columns.lowerBound
    while j0 < columns.upperBound {
        let j1 = Swift.min(j0 + columnBlock, columns.upperBound)
        let fullPanels = (j1 - j0) / 4, panelEnd = j0 + 4 * fullPanels
        var p0 = 0
        while p0 < k {
            let p1 = Swift.min(p0 + depthBlock, k), depth = p1 - p0
            // Pack: panel t holds columns j0 + 4t ..< j0 + 4t + 4 of rows p0..<p1, row after row.
            for t in 0..<fullPanels {
                let panel = panels + t * depth * 4
                var first = depth, end = 0
                for p in p0..<p1 {
                    let source = b + p * n + j0 + 4 * t, target = panel + (p - p0) * 4
                    target[0] = source[0]; target[1] = source[1]; target[2] = source[2]; target[3] = source[3]
                    if source[0] != 0 || source[1] != 0 || source[2] != 0 || source[3] != 0 {
                        first = Swift.min(first, p - p0)
                        end = p - p0 + 1
                    }
                }
                (firstRow[t], endRow[t]) = skippingZeroRows ? (Swift.min(first, end), end) : (0, depth)
            }
            var i = 0
            while i + 4 <= m {
                let a0 = a + i * rs, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs
                for t in 0..<fullPanels {
                    let panel = UnsafeRawPointer(panels + t * depth * 4)
                    var c0 = SIMD4<Double>(), c1 = SIMD4<Double>(), c2 = SIMD4<Double>(), c3 = SIMD4<Double>()
                    for p in (p0 + firstRow[t])..<(p0 + endRow[t]) {
                        let row = panel.load(fromByteOffset: (p - p0) * 32, as: SIMD4<Double>.self)
                        let q = p &* cs
                        c0 += a0[q] * row
                        c1 += a1[q] * row
                        c2 += a2[q] * row
                        c3 += a3[q] * row
                    }
                    let out = c + i * n + j0 + 4 * t
                    for u in 0..<4 {
                        out[u] += c0[u]
                        out[n + u] += c1[u]
                        out[2 * n + u] += c2[u]
                        out[3 * n + u] += c3[u]
                    }
                }
                for j in panelEnd..<j1 {
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                    for p in p0..<p1 {
                        let v = b[p * n + j], q = p * cs
                        s0 += a0[q] * v
                        s1 += a1[q] * v
                        s2 += a2[q] * v
                        s3 += a3[q] * v
                    }
                    c[i * n + j] += s0
                    c[(i + 1) * n + j] += s1
                    c[(i + 2) * n + j] += s2
                    c[(i + 3) * n + j] += s3
                }
                i += 4
            }
            while i < m {
                let a0 = a + i * rs
                for t in 0..<fullPanels {
                    let panel = UnsafeRawPointer(panels + t * depth * 4)
                    var c0 = SIMD4<Double>()
                    for p in (p0 + firstRow[t])..<(p0 + endRow[t]) {
                        c0 += a0[p &* cs] * panel.load(fromByteOffset: (p - p0) * 32, as: SIMD4<Double>.self)
                    }
                    let out = c + i * n + j0 + 4 * t
                    for u in 0..<4 { out[u] += c0[u] }
                }
                for j in panelEnd..<j1 {
                    var s = 0.0
                    for p in p0..<p1 { s += a0[p * cs] * b[p * n + j] }
                    c[i * n + j] += s
                }
                i += 1
            }
            p0 = p1
        }
        j0 = j1
    }
}
