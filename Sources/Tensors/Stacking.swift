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

extension TrackedTensor {
    /// Equal-shaped tracked tensors stacked along a new leading axis, one tape entry (its pullback
    /// hands each part its slice of the cotangent).
    public static func stacked(_ parts: [TrackedTensor]) throws -> TrackedTensor {
        try record(.stack, Tensor.stacked(parts.map(\.value)), parts)
    }
}
