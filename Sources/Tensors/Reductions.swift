import Rules

extension Tensor {
    /// The sum of all scalars, as a rank-0 tensor.
    public func sum() -> Tensor {
        // Four independent partial sums (a single running sum is bound by the latency of its adds).
        let total = scalars.withUnsafeBufferPointer { x in
            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
            var i = 0
            while i + 4 <= x.count {
                s0 += x[i]; s1 += x[i + 1]; s2 += x[i + 2]; s3 += x[i + 3]
                i += 4
            }
            while i < x.count { s0 += x[i]; i += 1 }
            return (s0 + s1) + (s2 + s3)
        }
        return Tensor(total)
    }

    /// The mean of all scalars, as a rank-0 tensor.
    public func mean() -> Tensor { Tensor(sum().scalars[0] / Double(count)) }

    /// The sum along one axis (that dimension is removed).
    ///
    /// ```swift
    /// try Tensor(rows: [[1, 2], [3, 4]]).sum(alongAxis: 1)   // [3, 7]
    /// ```
    public func sum(alongAxis axis: Int) throws -> Tensor {
        let (outer, n, inner) = try split(axis, "sum")
        var out = [Double](repeating: 0, count: outer * inner)
        scalars.withUnsafeBufferPointer { xs in
            out.withUnsafeMutableBufferPointer { o in
                for a in 0..<outer { for k in 0..<n { for i in 0..<inner { o[a * inner + i] += xs[(a * n + k) * inner + i] } } }
            }
        }
        return Tensor(unchecked: removing(axis), out)
    }

    /// The mean along one axis (that dimension is removed).
    public func mean(alongAxis axis: Int) throws -> Tensor {
        let s = try sum(alongAxis: axis)
        let n = Double(shape[axis])
        return Tensor(unchecked: s.shape, s.scalars.map { $0 / n })
    }

    /// The largest scalar along one axis (that dimension is removed): a fold of the `max` primitive,
    /// so NaN propagates and ties are kinks of `max`.
    public func max(alongAxis axis: Int) throws -> Tensor {
        let (outer, n, inner) = try split(axis, "max")
        if n == 0 { throw TensorError.shapeMismatch(operation: "max over an empty axis", left: shape, right: []) }
        var out = [Double](repeating: 0, count: outer * inner)
        scalars.withUnsafeBufferPointer { xs in
            for o in 0..<outer {
                for i in 0..<inner {
                    var m = xs[o * n * inner + i]
                    for k in 1..<Swift.max(n, 1) { m = Binary.max.evaluate(m, xs[(o * n + k) * inner + i]) }
                    out[o * inner + i] = m
                }
            }
        }
        return Tensor(unchecked: removing(axis), out)
    }

    /// log Σₖ exp xₖ along one axis (that dimension is removed), computed as a + log Σ exp(xₖ − a)
    /// with a the maximum so that no exponential overflows; both primitives are the rule table's.
    ///
    /// ```swift
    /// try Tensor([0, 0]).logSumExp(alongAxis: 0)   // log 2
    /// ```
    public func logSumExp(alongAxis axis: Int) throws -> Tensor {
        try logSumExpWithWeights(alongAxis: axis, keepingWeights: false).value
    }

    /// logsumexp along `axis` and, when asked, the weights exp(xₖ − y) (the softmax along the axis,
    /// the same shape as self) from the same exponentials, so a pullback need not evaluate them again.
    func logSumExpWithWeights(alongAxis axis: Int, keepingWeights: Bool) throws -> (value: Tensor, weights: Tensor?) {
        let top = try max(alongAxis: axis)
        let (outer, n, inner) = try split(axis, "logSumExp")
        var sums = [Double](repeating: 0, count: outer * inner)
        var weights = [Double](repeating: 0, count: keepingWeights ? count : 0)
        scalars.withUnsafeBufferPointer { xs in
            top.scalars.withUnsafeBufferPointer { tops in
                sums.withUnsafeMutableBufferPointer { ss in
                    weights.withUnsafeMutableBufferPointer { ws in
                        for o in 0..<outer {
                            for k in 0..<n {
                                for i in 0..<inner {
                                    let index = (o * n + k) * inner + i
                                    let e = Unary.exp.evaluate(xs[index] - tops[o * inner + i])
                                    if keepingWeights { ws[index] = e }
                                    ss[o * inner + i] += e
                                }
                            }
                        }
                        if keepingWeights {
                            // exp(xₖ − m) / Σ exp(xⱼ − m) = exp(xₖ − y) with y = m + log Σ.
                            for o in 0..<outer {
                                for k in 0..<n {
                                    for i in 0..<inner {
                                        let r = 1 / ss[o * inner + i]
                                        ws[(o * n + k) * inner + i] *= r
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for j in sums.indices { sums[j] = Unary.log.evaluate(sums[j]) + top.scalars[j] }
        return (Tensor(unchecked: top.shape, sums), keepingWeights ? Tensor(unchecked: shape, weights) : nil)
    }

    /// The sizes before, along and after `axis`.
    func split(_ axis: Int, _ operation: String) throws -> (outer: Int, n: Int, inner: Int) {
        guard axis >= 0 && axis < rank else { throw TensorError.axis(operation: operation, axis: axis, rank: rank) }
        return (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// The shape without one axis.
    func removing(_ axis: Int) -> [Int] {
        var s = shape
        s.remove(at: axis)
        return s
    }
}
