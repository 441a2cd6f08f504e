import Rules

extension Tensor {
    /// Applies a primitive of one argument to every scalar (`Unary.evaluate`, the rule table's
    /// own evaluation).
    ///
    /// ```swift
    /// Tensor([0, 1]).applying(.exp)   // [1, e]
    /// ```
    public func applying(_ op: Unary) -> Tensor {
        var out = scalars
        out.withUnsafeMutableBufferPointer { o in
            _ = parallelChunks(count: o.count, minimumChunk: 1 << 15) { _, range in
                for i in range { o[i] = op.evaluate(o[i]) }
            }
        }
        return Tensor(unchecked: shape, out)
    }

    /// Applies a primitive of two arguments elementwise, broadcasting the operands.
    ///
    /// ```swift
    /// try Tensor.applying(.max, Tensor([1, 5]), Tensor(3))   // [3, 5]
    /// ```
    public static func applying(_ op: Binary, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        if a.shape == b.shape {
            var out = [Double](repeating: 0, count: a.count)
            for i in out.indices { out[i] = op.evaluate(a.scalars[i], b.scalars[i]) }
            return Tensor(unchecked: a.shape, out)
        }
        guard let shape = Broadcasting.shape(a.shape, b.shape) else {
            throw TensorError.shapeMismatch(operation: op.name, left: a.shape, right: b.shape)
        }
        let ia = Broadcasting.offsets(of: a.shape, into: shape)
        let ib = Broadcasting.offsets(of: b.shape, into: shape)
        var out = [Double](repeating: 0, count: ia.count)
        for k in out.indices { out[k] = op.evaluate(a.scalars[ia[k]], b.scalars[ib[k]]) }
        return Tensor(unchecked: shape, out)
    }

    /// Elementwise a + b with broadcasting.
    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try applying(.add, a, b) }
    /// Elementwise a − b with broadcasting.
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try applying(.subtract, a, b) }
    /// Elementwise a · b with broadcasting.
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try applying(.multiply, a, b) }
    /// Elementwise a / b with broadcasting.
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try applying(.divide, a, b) }
    /// Elementwise −x.
    public static prefix func - (x: Tensor) -> Tensor { x.applying(.negate) }
}
