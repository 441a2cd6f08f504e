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
                if op == .exp { return applyingLanes(op, o.baseAddress!, range) }
                specialized(op, ApplyingLoop(o: o, range: range))
            }
        }
        return Tensor(unchecked: shape, out)
    }

    /// o[range] = op(o[range]) eight lanes at a time (`Unary.evaluate(lanes:)`, vectorized for exp).
    @inline(__always)
    private func applyingLanes(_ op: Unary, _ o: UnsafeMutablePointer<Double>, _ range: Range<Int>) {
        var i = range.lowerBound
        while i + Lanes.scalarCount <= range.upperBound {
            let x = UnsafeRawPointer(o + i).loadUnaligned(as: Lanes.self)
            UnsafeMutableRawPointer(o + i).storeBytes(of: op.evaluate(lanes: x), as: Lanes.self)
            i += Lanes.scalarCount
        }
        while i < range.upperBound { o[i] = op.evaluate(o[i]); i += 1 }
    }

    /// o[range] = op(o[range]), run by `specialized(_:_:)` with the primitive a constant.
    private struct ApplyingLoop: UnaryLoop {
        let o: UnsafeMutableBufferPointer<Double>
        let range: Range<Int>
        @inline(always)
        func run(_ op: Unary) { for i in range { o[i] = op.evaluate(o[i]) } }
    }

    /// Applies a primitive of two arguments elementwise, broadcasting the operands.
    ///
    /// ```swift
    /// try Tensor.applying(.max, Tensor([1, 5]), Tensor(3))   // [3, 5]
    /// ```
    public static func applying(_ op: Binary, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        // Equal shapes, or one operand a single scalar: no index maps, a loop the compiler vectorizes.
        if a.shape == b.shape { return evaluate(op, a, .full, b, .full, shape: a.shape, count: a.count) }
        if Broadcasting.isScalar(b, within: a.shape) { return evaluate(op, a, .full, b, .scalar, shape: a.shape, count: a.count) }
        if Broadcasting.isScalar(a, within: b.shape) { return evaluate(op, a, .scalar, b, .full, shape: b.shape, count: b.count) }
        // A row against a matrix (b's shape the trailing dimensions of a's): b is read periodically.
        if let period = Broadcasting.trailingPeriod(of: b.shape, into: a.shape) {
            var out = a.scalars
            b.scalars.withUnsafeBufferPointer { bs in
                out.withUnsafeMutableBufferPointer { o in
                    specialized(op) { op in
                        var k = 0
                        while k < o.count {
                            for j in 0..<period { o[k + j] = op.evaluate(o[k + j], bs[j]) }
                            k += period
                        }
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
