import Rules

// The vector–Jacobian product of every tensor operation, at tensor granularity. Elementwise
// operations read their local derivatives from the rule table (`localDerivative`,
// `localPartials`), never from a second copy of the calculus.

/// Which operands of a node need a cotangent (the tracked ones), read from its parents without
/// building an array per node.
struct WantedOperands {
    let parents: [Int?]
    /// Whether operand `i` is tracked.
    subscript(i: Int) -> Bool { parents[i] != nil }

    /// From the tape's parent ids (nil: a constant operand).
    init(parents: [Int?]) { self.parents = parents }

    /// From one flag per operand.
    init(flags: [Bool]) { parents = flags.map { $0 ? 0 : nil } }
}

extension TensorOperation {
    /// `pullback` on values the caller keeps: it consumes copies of them instead.
    func pullback(_ g: Tensor, value y: Tensor, operands: [Tensor], wanted: [Bool]) throws -> [Tensor?] {
        var (g, operands) = (g, operands)
        return try pullback(&g, value: y, operands: &operands, wanted: WantedOperands(flags: wanted))
    }

    /// The cotangents of the operands given the cotangent `g` of the result; `wanted[i]` is false for
    /// operands that are constants (their cotangent is skipped, returned as nil).
    ///
    /// `g` and `operands` are the sweep's to consume: a pullback may move their buffers into its
    /// results (scaling in place when nothing else holds them) and leaves them in any state.
    func pullback(_ g: inout Tensor, value y: Tensor, operands: inout [Tensor], wanted: WantedOperands) throws -> [Tensor?] {
        switch self {
        case .input:
            return []

        case .unary(let op):
            let x = operands[0]
            var out = g.scalars
            g = Tensor(unchecked: [], [])  // `out` is now the only holder of the cotangent, if any
            // Buffers, so the loop has no per-element retain or uniqueness check.
            x.scalars.withUnsafeBufferPointer { xs in
                y.scalars.withUnsafeBufferPointer { ys in
                    out.withUnsafeMutableBufferPointer { o in
                        DerivativeLoops.scale(o, byDerivativeOf: op, at: xs, values: ys)
                    }
                }
            }
            return [Tensor(unchecked: x.shape, out)]

        case .binary(let op) where op.hasConstantPartials:
            // Sums and differences: the table's partials are the same everywhere, so read them once;
            // a partial of 1 passes the cotangent on without a pass over it.
            let (a, b) = (operands[0], operands[1])
            let (da, db) = localPartials(op, at: a.scalars.first ?? 0, b.scalars.first ?? 0, value: y.scalars.first ?? 0)
            func scaled(_ factor: Double, to shape: [Int]) -> Tensor {
                var reduced = Broadcasting.reduce(g, to: shape)
                if factor != 1 {
                    reduced.scalars.withUnsafeMutableBufferPointer { r in for i in r.indices { r[i] *= factor } }
                }
                return reduced
            }
            return [wanted[0] ? scaled(da, to: a.shape) : nil, wanted[1] ? scaled(db, to: b.shape) : nil]

        case .binary(let op):
            let (a, b) = (operands[0], operands[1])
            // Smooth primitives on operands that need no index map: one vectorized loop per wanted
            // operand. (Kinked ones take the loop below, which logs each kink once.)
            if op.kink == nil, let aLayout = OperandLayout(a, within: y.shape), let bLayout = OperandLayout(b, within: y.shape) {
                return [wanted[0] ? Broadcasting.reduce(Tensor.partial(op, first: true, a, aLayout, b, bLayout, value: y, cotangent: g), to: a.shape) : nil,
                        wanted[1] ? Broadcasting.reduce(Tensor.partial(op, first: false, a, aLayout, b, bLayout, value: y, cotangent: g), to: b.shape) : nil]
            }
            // A single-scalar operand reads index 0 everywhere (stride 0) instead of an index map.
            let aStride = Broadcasting.isScalar(a, within: y.shape) && a.shape != y.shape ? 0 : 1
            let bStride = Broadcasting.isScalar(b, within: y.shape) && b.shape != y.shape ? 0 : 1
            // A row operand against a matrix reads index k mod its count (period), also without a map.
            let periodA = a.shape == y.shape ? nil : Broadcasting.trailingPeriod(of: a.shape, into: y.shape)
            let periodB = b.shape == y.shape ? nil : Broadcasting.trailingPeriod(of: b.shape, into: y.shape)
            let mapA = !(a.shape == y.shape || aStride == 0 || periodA != nil)
            let mapB = !(b.shape == y.shape || bStride == 0 || periodB != nil)
            let ia = mapA ? Broadcasting.offsets(of: a.shape, into: y.shape) : []
            let ib = mapB ? Broadcasting.offsets(of: b.shape, into: y.shape) : []
            let (pa, pb) = (periodA ?? Int.max, periodB ?? Int.max)
            var ga = [Double](repeating: 0, count: wanted[0] ? y.count : 0)
            var gb = [Double](repeating: 0, count: wanted[1] ? y.count : 0)
            let (wantA, wantB) = (wanted[0], wanted[1])
            a.scalars.withUnsafeBufferPointer { aS in
                b.scalars.withUnsafeBufferPointer { bS in
                    y.scalars.withUnsafeBufferPointer { yS in
                        g.scalars.withUnsafeBufferPointer { gS in
                            ga.withUnsafeMutableBufferPointer { gaS in
                                gb.withUnsafeMutableBufferPointer { gbS in
                                    specialized(op) { op in
                                        for k in 0..<yS.count {
                                            let av = aS[mapA ? ia[k] : (k % pa) * aStride]
                                            let bv = bS[mapB ? ib[k] : (k % pb) * bStride]
                                            let (da, db) = localPartials(op, at: av, bv, value: yS[k])
                                            if wantA { gaS[k] = gS[k] * da }
                                            if wantB { gbS[k] = gS[k] * db }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return [wanted[0] ? Broadcasting.reduce(Tensor(unchecked: y.shape, ga), to: a.shape) : nil,
                    wanted[1] ? Broadcasting.reduce(Tensor(unchecked: y.shape, gb), to: b.shape) : nil]

        case .matvec:
            // y = A·x: dA = g ⊗ x, dx = Aᵀ·g.
            let (a, x) = (operands[0], operands[1])
            return [wanted[0] ? Tensor.outerProduct(g, x) : nil, wanted[1] ? try a.transposedMatvec(g) : nil]

        case .transposedMatvec:
            // y = Aᵀ·v: dA = v ⊗ g, dv = A·g.
            let (a, v) = (operands[0], operands[1])
            return [wanted[0] ? Tensor.outerProduct(v, g) : nil, wanted[1] ? try a.matvec(g) : nil]

        case .gatherRows(let indices):
            return [g.scatterAddingRows(indices, into: operands[0].shape)]

        case .matmul:
            // Y = A·B: dA = G·Bᵀ, dB = Aᵀ·G (products with a transposed operand, none formed).
            let (a, b) = (operands[0], operands[1])
            return [wanted[0] ? try g.matmul(b, transposing: .right) : nil,
                    wanted[1] ? try a.matmul(g, transposing: .left) : nil]

        case .transpose:
            return [try g.transposed()]

        case .reshape:
            return [try g.reshaped(operands[0].shape)]

        case .sum:
            return [try Tensor(repeating: g.scalars[0], shape: operands[0].shape)]

        case .sumAlongAxis(let axis):
            let x = operands[0]
            let (outer, n, inner) = try x.split(axis, "sum")
            var out = [Double](repeating: 0, count: x.count)
            g.scalars.withUnsafeBufferPointer { gs in
                out.withUnsafeMutableBufferPointer { os in
                    for o in 0..<outer { for k in 0..<n { for i in 0..<inner { os[(o * n + k) * inner + i] = gs[o * inner + i] } } }
                }
            }
            return [Tensor(unchecked: x.shape, out)]

        case .logSumExpAlongAxis(let axis):
            // y = c + log Σ exp(xₖ − c) for any constant c; with c = y the sum is 1, so the chain rule
            // through the table's log and exp gives ∂y/∂xₖ = log′(1) · exp′(xₖ − y). The values
            // exp(xₖ − y) are the forward pass's exponentials times its reciprocal sums when it kept
            // them (operands 1 and 2); their buffer then receives the result in place.
            let x = operands[0]
            let kept = operands.count == 3 && operands[1].shape == x.shape
            let (outer, n, inner) = try x.split(axis, "logSumExp")
            let outerFactor = localDerivative(Unary.log, at: 1.0, value: 0.0)
            var out: [Double] = []
            if kept { swap(&out, &operands[1].scalars) } else { out = [Double](repeating: 0, count: x.count) }
            let reciprocals = kept ? operands[2].scalars : []
            x.scalars.withUnsafeBufferPointer { xs in
                reciprocals.withUnsafeBufferPointer { rs in
                    y.scalars.withUnsafeBufferPointer { ys in
                        g.scalars.withUnsafeBufferPointer { gs in
                            out.withUnsafeMutableBufferPointer { o in
                                if kept && inner == 1 {
                                    // Contiguous slices, split across cores when large (a pure map).
                                    _ = parallelChunks(count: outer * n, minimumChunk: parallelElementwiseChunk) { _, range in
                                        var start = range.lowerBound
                                        while start < range.upperBound {
                                            let a = start / n, end = Swift.min(range.upperBound, (a + 1) * n)
                                            let factor = gs[a] * outerFactor, r = rs[a], ya = ys[a]
                                            for index in start..<end {
                                                o[index] = factor * localDerivative(Unary.exp, at: xs[index] - ya, value: o[index] * r)
                                            }
                                            start = end
                                        }
                                    }
                                    return
                                }
                                for a in 0..<outer {
                                    for k in 0..<n {
                                        for i in 0..<inner {
                                            let j = a * inner + i, index = (a * n + k) * inner + i
                                            let u = xs[index] - ys[j]
                                            let e = kept ? o[index] * rs[j] : Unary.exp.evaluate(u)
                                            o[index] = gs[j] * outerFactor * localDerivative(Unary.exp, at: u, value: e)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return [Tensor(unchecked: x.shape, out)] + Array(repeating: nil, count: operands.count - 1)

        case .sumApplying(let op, let axis):
            // y = Σₖ op(xₖ): each xₖ receives the cotangent of its sum times op′(xₖ) from the table.
            let x = operands[0]
            let (outer, n, inner) = try x.split(axis, "sum(applying: \(op.name))")
            // The loop writes every entry, so the buffer is not zeroed first (a pass over it fewer).
            let out = [Double](unsafeUninitializedCapacity: x.count) { o, initialized in
                x.scalars.withUnsafeBufferPointer { xs in
                    g.scalars.withUnsafeBufferPointer { gs in
                        DerivativeLoops.sumApplying(op, at: xs, cotangents: gs, into: o, outer: outer, n: n, inner: inner)
                    }
                }
                initialized = x.count
            }
            return [Tensor(unchecked: x.shape, out)]

        case .stack, .concatenate:
            // Each operand receives its own slice of the cotangent.
            var offset = 0
            return operands.enumerated().map { i, part in
                defer { offset += part.count }
                guard wanted[i] else { return nil }
                return Tensor(unchecked: part.shape, Array(g.scalars[offset..<(offset + part.count)]))
            }

        case .linearCombination(let coefficients):
            // Linear: operand j receives cⱼ·g (g itself, shared, when cⱼ = 1).
            return coefficients.indices.map { j in wanted[j] ? g.scaled(by: coefficients[j]) : nil }

        case .stencil(let kernel):
            return try Tensor.stencilPullback(kernel.base, cotangent: g, operands: operands, wanted: wanted)

        case .scan(let kernel):
            return Tensor.scanPullback(kernel.base, cotangent: g, operands: operands, wanted: wanted)

        case .iteratedScan(let kernel, let times):
            return Tensor.iteratedScanPullback(kernel.base, times: times, cotangent: &g, operands: operands, wanted: wanted)

        case .shift(let offset):
            // The forward pass copies slice i − offset to slice i; the pullback copies back, and
            // the constant fill receives nothing.
            return [try g.shifted(by: -offset, filling: 0)]

        case .strictlyLowerTriangular:
            // The forward pass copies vector entries into matrix slots; the pullback gathers them back.
            let d = y.shape[y.rank - 1]
            let slots = strictlyLowerSlots(d)
            var out = [Double](repeating: 0, count: operands[0].count)
            g.scalars.withUnsafeBufferPointer { gs in
                out.withUnsafeMutableBufferPointer { o in
                    var index = 0
                    for matrix in 0..<(slots.isEmpty ? 0 : o.count / slots.count) {
                        for (row, column) in slots {
                            o[index] = gs[matrix * d * d + row * d + column]
                            index += 1
                        }
                    }
                }
            }
            return [Tensor(unchecked: operands[0].shape, out)]

        case .maxAlongAxis(let axis):
            // The max is a left fold m ← max(m, xₖ); its pullback walks the fold backwards with the
            // rule table's partials of `max` (so ties follow the kink policy exactly like scalars).
            let x = operands[0]
            let (outer, n, inner) = try x.split(axis, "max")
            var out = [Double](repeating: 0, count: x.count)
            var prefix = [Double](repeating: 0, count: n)
            x.scalars.withUnsafeBufferPointer { xs in
                out.withUnsafeMutableBufferPointer { outS in
                    prefix.withUnsafeMutableBufferPointer { prefixS in
                        for o in 0..<outer {
                            for i in 0..<inner {
                                let base = o * n * inner + i
                                prefixS[0] = xs[base]
                                for k in 1..<Swift.max(n, 1) { prefixS[k] = Binary.max.evaluate(prefixS[k - 1], xs[base + k * inner]) }
                                var carry = g.scalars[o * inner + i]
                                for k in stride(from: n - 1, through: 1, by: -1) {
                                    let (dm, dx) = localPartials(Binary.max, at: prefixS[k - 1], xs[base + k * inner], value: prefixS[k])
                                    outS[base + k * inner] = carry * dx
                                    carry *= dm
                                }
                                outS[base] = carry
                            }
                        }
                    }
                }
            }
            return [Tensor(unchecked: x.shape, out)]
        }
    }
}

extension Tensor {
    /// u ⊗ v, the |u|×|v| matrix of products uᵢvⱼ (the matrix operand's share in a product's pullback).
    static func outerProduct(_ u: Tensor, _ v: Tensor) -> Tensor {
        let (m, n) = (u.count, v.count)
        var out = [Double](repeating: 0, count: m * n)
        u.scalars.withUnsafeBufferPointer { us in
            v.scalars.withUnsafeBufferPointer { vs in
                out.withUnsafeMutableBufferPointer { o in
                    for i in 0..<m { for j in 0..<n { o[i * n + j] = us[i] * vs[j] } }
                }
            }
        }
        return Tensor(unchecked: [m, n], out)
    }
}
