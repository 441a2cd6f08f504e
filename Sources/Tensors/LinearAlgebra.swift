extension Tensor {
    /// The transpose of a matrix.
    public func transposed() throws -> Tensor {
        guard rank == 2 else { throw TensorError.rank(operation: "transpose", expected: 2, actual: rank) }
        let (m, n) = (shape[0], shape[1])
        var out = [Double](repeating: 0, count: count)
        for i in 0..<m { for j in 0..<n { out[j * m + i] = scalars[i * n + j] } }
        return Tensor(unchecked: [n, m], out)
    }

    /// The d×d matrix whose strictly lower triangle holds this vector's d(d−1)/2 entries, column by
    /// column (rows 1…d−1 of column 0 first), and zeros elsewhere. A batch works the same way: a
    /// tensor of shape [b…, d(d−1)/2] gives one matrix per vector, shape [b…, d, d].
    ///
    /// ```swift
    /// try Tensor([1, 2, 3]).strictlyLowerTriangular(size: 3)   // [[0,0,0],[1,0,0],[2,3,0]]
    /// ```
    public func strictlyLowerTriangular(size d: Int) throws -> Tensor {
        let entries = d * (d - 1) / 2
        guard rank >= 1, d >= 1, shape[rank - 1] == entries else {
            throw TensorError.shapeMismatch(operation: "strictlyLowerTriangular(size: \(d))", left: shape, right: [entries])
        }
        let batch = shape.dropLast().reduce(1, *)
        var out = [Double](repeating: 0, count: batch * d * d)
        scalars.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { o in
                var index = 0
                for matrix in 0..<batch {
                    for (row, column) in strictlyLowerSlots(d) {
                        o[matrix * d * d + row * d + column] = v[index]
                        index += 1
                    }
                }
            }
        }
        return Tensor(unchecked: shape.dropLast() + [d, d], out)
    }

    /// The matrix–vector product A·x (A is m×n, x has n entries); rows split across cores when large.
    ///
    /// ```swift
    /// try Tensor(rows: [[1, 2], [3, 4]]).matvec(Tensor([1, 1]))   // [3, 7]
    /// ```
    public func matvec(_ x: Tensor) throws -> Tensor {
        guard rank == 2 else { throw TensorError.rank(operation: "matvec", expected: 2, actual: rank) }
        guard x.rank == 1, x.count == shape[1] else {
            throw TensorError.shapeMismatch(operation: "matvec", left: shape, right: x.shape)
        }
        let (m, n) = (shape[0], shape[1])
        var out = [Double](repeating: 0, count: m)
        scalars.withUnsafeBufferPointer { a in
            x.scalars.withUnsafeBufferPointer { v in
                out.withUnsafeMutableBufferPointer { o in
                    _ = parallelChunks(count: m, minimumChunk: Swift.max(1, (1 << 16) / Swift.max(n, 1))) { _, rows in
                        for i in rows { o[i] = dot(a.baseAddress! + i * n, v.baseAddress!, n) }
                    }
                }
            }
        }
        return Tensor(unchecked: [m], out)
    }

    /// The product Aᵀ·v (A is m×n, v has m entries) without forming Aᵀ: one pass over A, rows
    /// split across cores with a partial sum per core.
    public func transposedMatvec(_ v: Tensor) throws -> Tensor {
        guard rank == 2 else { throw TensorError.rank(operation: "transposedMatvec", expected: 2, actual: rank) }
        guard v.rank == 1, v.count == shape[0] else {
            throw TensorError.shapeMismatch(operation: "transposedMatvec", left: shape, right: v.shape)
        }
        let (m, n) = (shape[0], shape[1])
        let chunks = chunkCount(count: m, minimumChunk: Swift.max(1, (1 << 16) / Swift.max(n, 1)))
        var partial = [Double](repeating: 0, count: chunks * n)
        scalars.withUnsafeBufferPointer { a in
            v.scalars.withUnsafeBufferPointer { w in
                partial.withUnsafeMutableBufferPointer { p in
                    _ = parallelChunks(count: m, minimumChunk: Swift.max(1, (1 << 16) / Swift.max(n, 1))) { c, rows in
                        let acc = p.baseAddress! + c * n
                        for i in rows {
                            let r = w[i], row = a.baseAddress! + i * n
                            for j in 0..<n { acc[j] += r * row[j] }
                        }
                    }
                }
            }
        }
        var out = [Double](repeating: 0, count: n)
        for c in 0..<chunks { for j in 0..<n { out[j] += partial[c * n + j] } }
        return Tensor(unchecked: [n], out)
    }

    /// The matrix product A·B (m×k times k×n): cache-blocked, column groups split across cores when
    /// large (see `multiplyAccumulate`).
    public func matmul(_ b: Tensor) throws -> Tensor {
        guard rank == 2 else { throw TensorError.rank(operation: "matmul", expected: 2, actual: rank) }
        guard b.rank == 2, b.shape[0] == shape[1] else {
            throw TensorError.shapeMismatch(operation: "matmul", left: shape, right: b.shape)
        }
        let (m, k, n) = (shape[0], shape[1], b.shape[1])
        return Tensor(unchecked: [m, n], product(m: m, n: n, k: k, leftRowStride: k, leftColumnStride: 1, b))
    }
}

/// The (row, column) slots of a d×d strictly lower triangle in the order `strictlyLowerTriangular`
/// fills them: column by column, top to bottom.
func strictlyLowerSlots(_ d: Int) -> [(row: Int, column: Int)] {
    var slots: [(row: Int, column: Int)] = []
    slots.reserveCapacity(d * (d - 1) / 2)
    for column in 0..<d {
        for row in (column + 1)..<Swift.max(d, column + 1) { slots.append((row, column)) }
    }
    return slots
}

/// Σ a[j]·b[j] over n entries with four independent accumulators (a single running sum is bound by
/// the latency of its dependent adds).
@inlinable
public func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
    var j = 0
    while j + 4 <= n {
        s0 += a[j] * b[j]
        s1 += a[j + 1] * b[j + 1]
        s2 += a[j + 2] * b[j + 2]
        s3 += a[j + 3] * b[j + 3]
        j += 4
    }
    while j < n { s0 += a[j] * b[j]; j += 1 }
    return (s0 + s1) + (s2 + s3)
}
