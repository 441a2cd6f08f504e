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

    /// Σₖ op(xₖ) along one axis (that dimension is removed): a primitive applied to every scalar and
    /// the results summed in one pass, without forming the intermediate tensor. With `.powInt(2)`
    /// this is the squared norm of every slice along the axis.
    ///
    /// ```swift
    /// try Tensor(rows: [[1, 2], [3, 4]]).sum(applying: .powInt(2), alongAxis: 1)   // [5, 25]
    /// ```
    public func sum(applying op: Unary, alongAxis axis: Int) throws -> Tensor {
        let (outer, n, inner) = try split(axis, "sum(applying: \(op.name))")
        var out = [Double](repeating: 0, count: outer * inner)
        scalars.withUnsafeBufferPointer { xs in
            out.withUnsafeMutableBufferPointer { o in
                specialized(op, SumApplyingLoop(xs: xs, o: o, outer: outer, n: n, inner: inner))
            }
        }
        return Tensor(unchecked: removing(axis), out)
    }

    /// The loop of `sum(applying:alongAxis:)` over an `outer` × `n` × `inner` layout, run by
    /// `specialized(_:_:)` with the primitive a constant.
    private struct SumApplyingLoop: UnaryLoop {
        let xs: UnsafeBufferPointer<Double>
        let o: UnsafeMutableBufferPointer<Double>
        let outer: Int, n: Int, inner: Int
        @inline(always)
        func run(_ op: Unary) {
            if inner == 1 {
                // Four running sums (one would wait on its own previous add for every element).
                for a in 0..<outer {
                    let row = xs.baseAddress! + a * n
                    var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
                    var k = 0
                    while k + 4 <= n {
                        s0 += op.evaluate(row[k])
                        s1 += op.evaluate(row[k + 1])
                        s2 += op.evaluate(row[k + 2])
                        s3 += op.evaluate(row[k + 3])
                        k += 4
                    }
                    while k < n { s0 += op.evaluate(row[k]); k += 1 }
                    o[a] = (s0 + s1) + (s2 + s3)
                }
                return
            }
            for a in 0..<outer {
                for k in 0..<n { for i in 0..<inner { o[a * inner + i] += op.evaluate(xs[(a * n + k) * inner + i]) } }
            }
        }
    }

    /// The largest scalar along one axis (that dimension is removed): a fold of the `max` primitive,
    /// so NaN propagates and ties are kinks of `max`.
    public func max(alongAxis axis: Int) throws -> Tensor {
        let (outer, n, inner) = try split(axis, "max")
        if n == 0 { throw TensorError.shapeMismatch(operation: "max over an empty axis", left: shape, right: []) }
        var out = [Double](repeating: 0, count: outer * inner)
        scalars.withUnsafeBufferPointer { xs in
            out.withUnsafeMutableBufferPointer { o in
                if inner == 1 {
                    guard let out = o.baseAddress else { return }  // no slices
                    reduceContiguousRows(rows: outer, length: n, into: out,
                                         { _, range in contiguousMax(xs.baseAddress!, range) },
                                         combine: { Binary.max.evaluate($0, $1) })
                    return
                }
                for a in 0..<outer {
                    for i in 0..<inner {
                        var m = xs[a * n * inner + i]
                        for k in 1..<Swift.max(n, 1) { m = Binary.max.evaluate(m, xs[(a * n + k) * inner + i]) }
                        o[a * inner + i] = m
                    }
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
        try logSumExpKeepingExponentials(alongAxis: axis, keeping: false).value
    }

    /// logsumexp along `axis` and, when asked, what its pullback needs to skip evaluating exp again:
    /// the exponentials exp(xₖ − a) (self's shape, a the maximum along the axis) and the reciprocals
    /// 1 / Σₖ exp(xₖ − a) (the result's shape), whose product is exp(xₖ − y), y the result.
    func logSumExpKeepingExponentials(alongAxis axis: Int, keeping: Bool)
        throws -> (value: Tensor, exponentials: Tensor?, reciprocalSums: Tensor?) {
        let top = try max(alongAxis: axis)
        let (outer, n, inner) = try split(axis, "logSumExp")
        var sums = [Double](repeating: 0, count: outer * inner)
        // Every slot is written below, so the buffer needs no zero fill.
        var exponentials = [Double](unsafeUninitializedCapacity: keeping ? count : 0) { _, initialized in
            initialized = keeping ? count : 0
        }
        scalars.withUnsafeBufferPointer { xs in
            top.scalars.withUnsafeBufferPointer { tops in
                sums.withUnsafeMutableBufferPointer { ss in
                    exponentials.withUnsafeMutableBufferPointer { es in
                        if inner == 1 {
                            let kept = keeping ? es.baseAddress : nil
                            guard let out = ss.baseAddress else { return }  // no slices
                            reduceContiguousRows(rows: outer, length: n, into: out,
                                                 { a, range in contiguousExpSum(xs.baseAddress!, range, shift: tops[a], kept: kept) },
                                                 combine: +)
                            return
                        }
                        for a in 0..<outer {
                            for k in 0..<n {
                                for i in 0..<inner {
                                    let index = (a * n + k) * inner + i
                                    let e = Unary.exp.evaluate(xs[index] - tops[a * inner + i])
                                    if keeping { es[index] = e }
                                    ss[a * inner + i] += e
                                }
                            }
                        }
                    }
                }
            }
        }
        var value = sums
        for j in value.indices { value[j] = Unary.log.evaluate(sums[j]) + top.scalars[j] }
        guard keeping else { return (Tensor(unchecked: top.shape, value), nil, nil) }
        for j in sums.indices { sums[j] = 1 / sums[j] }
        return (Tensor(unchecked: top.shape, value), Tensor(unchecked: shape, exponentials), Tensor(unchecked: top.shape, sums))
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
