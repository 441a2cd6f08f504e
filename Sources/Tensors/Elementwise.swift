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
            let out = a.scalars.withUnsafeBufferPointer { aS in
                b.scalars.withUnsafeBufferPointer { bS in
                    filledArray(count: aS.count) { o in
                        ElementwiseKernels.values(op, aS.baseAddress!, bS.baseAddress!, o, aS.count)
                    }
                }
            }
            return Tensor(unchecked: a.shape, out)
        }
        // One operand a single scalar (rank 0, or all dimensions 1 and no higher rank): no index maps.
        if Broadcasting.isScalar(b, within: a.shape) {
            let bv = b.scalars[0]
            var out = a.scalars
            out.withUnsafeMutableBufferPointer { o in for i in o.indices { o[i] = op.evaluate(o[i], bv) } }
            return Tensor(unchecked: a.shape, out)
        }
        if Broadcasting.isScalar(a, within: b.shape) {
            let av = a.scalars[0]
            var out = b.scalars
            out.withUnsafeMutableBufferPointer { o in for i in o.indices { o[i] = op.evaluate(av, o[i]) } }
            return Tensor(unchecked: b.shape, out)
        }
        // A row against a matrix (b's shape the trailing dimensions of a's): b is read periodically.
        if let period = Broadcasting.trailingPeriod(of: b.shape, into: a.shape) {
            var out = a.scalars
            b.scalars.withUnsafeBufferPointer { bs in
                out.withUnsafeMutableBufferPointer { o in
                    var k = 0
                    while k < o.count {
                        for j in 0..<period { o[k + j] = op.evaluate(o[k + j], bs[j]) }
                        k += period
                    }
                }
            }
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
