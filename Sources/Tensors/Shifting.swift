extension Tensor {
    /// The tensor moved `offset` places along its leading axis, the vacated places filled with
    /// `fill` and the places moved past the end dropped: slice i of the result is slice i − offset of
    /// this tensor when that exists, else `fill` (a negative offset moves toward the front).
    ///
    /// ```swift
    /// try Tensor([1, 2, 3]).shifted(by: 1, filling: 0)    // [0, 1, 2]
    /// try Tensor([1, 2, 3]).shifted(by: -1, filling: 9)   // [2, 3, 9]
    /// ```
    ///
    /// Throws `TensorError.rank` for a rank-0 tensor (it has no axis to move along).
    public func shifted(by offset: Int, filling fill: Double) throws -> Tensor {
        guard let length = shape.first else { throw TensorError.rank(operation: "shift", expected: 1, actual: 0) }
        // Slices of the leading axis are `inner` contiguous scalars each.
        let inner = length == 0 ? 0 : count / length
        let moved = Swift.max(-length, Swift.min(length, offset)) * inner
        let out = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            scalars.withUnsafeBufferPointer { source in
                let n = source.count
                // out[i] = source[i − moved] where that index is inside, else fill.
                let start = Swift.max(0, moved), end = Swift.min(n, n + moved)
                for i in 0..<start { buffer[i] = fill }
                for i in start..<end { buffer[i] = source[i - moved] }
                for i in end..<n { buffer[i] = fill }
            }
            initialized = count
        }
        return Tensor(unchecked: shape, out)
    }
}

extension TrackedTensor {
    /// The tensor moved `offset` places along its leading axis with `fill` in the vacated places
    /// (see `Tensor.shifted(by:filling:)`), one tape entry. It is linear apart from the constant
    /// fill, so its pullback moves the cotangent back by −offset, filling with 0.
    public func shifted(by offset: Int, filling fill: Double) throws -> TrackedTensor {
        try Self.record(.shift(offset), value.shifted(by: offset, filling: fill), [self])
    }
}
