extension Tensor {
    /// Equal-shaped tensors stacked along a new leading axis: the result has shape
    /// [parts.count] + the parts' shape, part i in slice i.
    ///
    /// ```swift
    /// try Tensor.stacked([Tensor([1, 2]), Tensor([3, 4])])   // shape [2, 2]: [[1, 2], [3, 4]]
    /// ```
    public static func stacked(_ parts: [Tensor]) throws -> Tensor {
        guard let first = parts.first else { throw TensorError.rank(operation: "stack", expected: 1, actual: 0) }
        var scalars: [Double] = []
        scalars.reserveCapacity(parts.count * first.count)
        for part in parts {
            guard part.shape == first.shape else {
                throw TensorError.shapeMismatch(operation: "stack", left: first.shape, right: part.shape)
            }
            scalars.append(contentsOf: part.scalars)
        }
        return Tensor(unchecked: [parts.count] + first.shape, scalars)
    }
}

extension Tensor {
    /// Tensors joined along their leading axis: the parts' other dimensions must agree, and the
    /// result's leading dimension is the sum of theirs (part i's rows after part i − 1's).
    ///
    /// ```swift
    /// try Tensor.concatenated([Tensor(rows: [[1, 2]]), Tensor(rows: [[3, 4], [5, 6]])])   // 3×2
    /// ```
    public static func concatenated(_ parts: [Tensor]) throws -> Tensor {
        guard let first = parts.first, first.rank >= 1 else {
            throw TensorError.rank(operation: "concatenate", expected: 1, actual: parts.first?.rank ?? 0)
        }
        var scalars: [Double] = []
        scalars.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        var rows = 0
        for part in parts {
            guard part.rank == first.rank, part.shape.dropFirst() == first.shape.dropFirst() else {
                throw TensorError.shapeMismatch(operation: "concatenate", left: first.shape, right: part.shape)
            }
            rows += part.shape[0]
            scalars.append(contentsOf: part.scalars)
        }
        return Tensor(unchecked: [rows] + first.shape.dropFirst(), scalars)
    }
}

extension TrackedTensor {
    /// Tracked tensors joined along their leading axis, one tape entry (its pullback hands each
    /// part its rows of the cotangent).
    public static func concatenated(_ parts: [TrackedTensor]) throws -> TrackedTensor {
        try record(.concatenate, Tensor.concatenated(parts.map(\.value)), parts)
    }

    /// Equal-shaped tracked tensors stacked along a new leading axis, one tape entry (its pullback
    /// hands each part its slice of the cotangent).
    public static func stacked(_ parts: [TrackedTensor]) throws -> TrackedTensor {
        try record(.stack, Tensor.stacked(parts.map(\.value)), parts)
    }
}
