extension Tensor {
    /// The rows (slices along the leading axis) at `indices`, in that order and with repeats: the
    /// result has shape [indices.count] + the remaining dimensions. Throws for an index out of range.
    ///
    /// ```swift
    /// try Tensor(rows: [[1, 2], [3, 4]]).gatheringRows([1, 1, 0])   // [[3, 4], [3, 4], [1, 2]]
    /// ```
    public func gatheringRows(_ indices: [Int]) throws -> Tensor {
        guard rank >= 1 else { throw TensorError.rank(operation: "gatheringRows", expected: 1, actual: rank) }
        let rows = shape[0], width = rows == 0 ? 0 : count / rows
        if let bad = indices.first(where: { $0 < 0 || $0 >= rows }) {
            throw TensorError.index(operation: "gatheringRows", index: bad, extent: rows)
        }
        let out = [Double](unsafeUninitializedCapacity: indices.count * width) { buffer, initialized in
            scalars.withUnsafeBufferPointer { source in
                // Four coordinates per step, not a copy call per row: rows are short (a few coordinates).
                for (r, i) in indices.enumerated() {
                    let target = UnsafeMutableRawPointer(buffer.baseAddress! + r * width)
                    let row = UnsafeRawPointer(source.baseAddress! + i * width)
                    var offset = 0
                    let end = width * MemoryLayout<Double>.stride, step = MemoryLayout<SIMD4<Double>>.size
                    while offset + step <= end {
                        target.storeBytes(of: row.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self),
                                          toByteOffset: offset, as: SIMD4<Double>.self)
                        offset += step
                    }
                    while offset < end {
                        target.storeBytes(of: row.load(fromByteOffset: offset, as: Double.self), toByteOffset: offset, as: Double.self)
                        offset += MemoryLayout<Double>.stride
                    }
                }
            }
            initialized = indices.count * width
        }
        return Tensor(unchecked: [indices.count] + shape.dropFirst(), out)
    }

    /// The transpose of `gatheringRows` (its pullback): a tensor of `shape` whose row i is the sum
    /// of the rows r of self with indices[r] == i (zero where no index points). Indices must be in
    /// range (they were checked when gathering).
    func scatterAddingRows(_ indices: [Int], into shape: [Int]) -> Tensor {
        let total = shape.reduce(1, *), width = indices.isEmpty ? 0 : count / indices.count
        var out = [Double](repeating: 0, count: total)
        scalars.withUnsafeBufferPointer { g in
            out.withUnsafeMutableBufferPointer { o in
                for (r, i) in indices.enumerated() {
                    let target = o.baseAddress! + i * width, source = g.baseAddress! + r * width
                    let targetBytes = UnsafeMutableRawPointer(target), sourceBytes = UnsafeRawPointer(source)
                    var e = 0
                    while e + 4 <= width {
                        let offset = e * MemoryLayout<Double>.stride
                        let sum = targetBytes.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
                            + sourceBytes.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
                        targetBytes.storeBytes(of: sum, toByteOffset: offset, as: SIMD4<Double>.self)
                        e += 4
                    }
                    while e < width {
                        target[e] += source[e]
                        e += 1
                    }
                }
            }
        }
        return Tensor(unchecked: shape, out)
    }
}

extension TrackedTensor {
    /// The rows at `indices` (see `Tensor.gatheringRows`), one tape entry whose pullback adds each
    /// row's cotangent back into the row it was read from (a scatter-add).
    public func gatheringRows(_ indices: [Int]) throws -> TrackedTensor {
        try Self.record(.gatherRows(indices), value.gatheringRows(indices), [self])
    }
}
