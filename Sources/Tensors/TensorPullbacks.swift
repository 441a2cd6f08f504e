import Rules

// The vector–Jacobian product of every tensor operation, at tensor granularity. Elementwise
// operations read their local derivatives from the rule table (`localDerivative`,
// `localPartials`), never from a second copy of the calculus.

extension TensorOperation {
    /// The cotangents of the operands given the cotangent `g` of the result; `wanted[i]` is false for
    /// operands that are constants (their cotangent is skipped, returned as nil).
    func pullback(_ g: Tensor, value y: Tensor, operands: [Tensor], wanted: [Bool]) throws -> [Tensor?] {
        switch self {
        case .input:
            return []

        case .unary(let op):
            let x = operands[0]
            var out = g.scalars
            // Buffers, so the loop has no per-element retain or uniqueness check.
            x.scalars.withUnsafeBufferPointer { xs in
                y.scalars.withUnsafeBufferPointer { ys in
                    out.withUnsafeMutableBufferPointer { o in
                        for i in o.indices { o[i] *= localDerivative(op, at: xs[i], value: ys[i]) }
                    }
                }
            }
            return [Tensor(unchecked: x.shape, out)]

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
            return [wanted[0] ? Broadcasting.reduce(Tensor(unchecked: y.shape, ga), to: a.shape) : nil,
                    wanted[1] ? Broadcasting.reduce(Tensor(unchecked: y.shape, gb), to: b.shape) : nil]

        case .matvec:
            // y = A·x: dA = g ⊗ x, dx = Aᵀ·g.
            let (a, x) = (operands[0], operands[1])
            var dA: Tensor?
            if wanted[0] {
                let (m, n) = (a.shape[0], a.shape[1])
                var out = [Double](repeating: 0, count: m * n)
                for i in 0..<m { for j in 0..<n { out[i * n + j] = g.scalars[i] * x.scalars[j] } }
                dA = Tensor(unchecked: a.shape, out)
            }
            return [dA, wanted[1] ? try a.transposedMatvec(g) : nil]

        case .transposedMatvec:
            // y = Aᵀ·v: dA = v ⊗ g, dv = A·g.
            let (a, v) = (operands[0], operands[1])
            var dA: Tensor?
            if wanted[0] {
                let (m, n) = (a.shape[0], a.shape[1])
                var out = [Double](repeating: 0, count: m * n)
                for i in 0..<m { for j in 0..<n { out[i * n + j] = v.scalars[i] * g.scalars[j] } }
                dA = Tensor(unchecked: a.shape, out)
            }
            return [dA, wanted[1] ? try a.matvec(g) : nil]

        case .gatherRows(let indices):
            return [g.scatterAddingRows(indices, into: operands[0].shape)]

        case .matmul:
            // Y = A·B: dA = G·Bᵀ, dB = Aᵀ·G.
            let (a, b) = (operands[0], operands[1])
            return [wanted[0] ? try g.matmul(b.transposed()) : nil,
                    wanted[1] ? try a.transposed().matmul(g) : nil]

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
            // exp(xₖ − y) come from the forward pass when it kept them (operand 1).
            let x = operands[0]
            let kept = operands.count > 1 && operands[1].shape == x.shape ? operands[1] : nil
            let (outer, n, inner) = try x.split(axis, "logSumExp")
            let outerFactor = localDerivative(Unary.log, at: 1.0, value: 0.0)
            var out = [Double](repeating: 0, count: x.count)
            x.scalars.withUnsafeBufferPointer { xs in
                (kept ?? x).scalars.withUnsafeBufferPointer { ks in
                    y.scalars.withUnsafeBufferPointer { ys in
                        g.scalars.withUnsafeBufferPointer { gs in
                            out.withUnsafeMutableBufferPointer { o in
                                for a in 0..<outer {
                                    for k in 0..<n {
                                        for i in 0..<inner {
                                            let j = a * inner + i, index = (a * n + k) * inner + i
                                            let u = xs[index] - ys[j]
                                            let e = kept != nil ? ks[index] : Unary.exp.evaluate(u)
                                            o[index] = gs[j] * outerFactor * localDerivative(Unary.exp, at: u, value: e)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return operands.count > 1 ? [Tensor(unchecked: x.shape, out), nil] : [Tensor(unchecked: x.shape, out)]

        case .stack:
            // Each operand receives its own slice of the cotangent.
            var offset = 0
            return operands.enumerated().map { i, part in
                defer { offset += part.count }
                guard wanted[i] else { return nil }
                return Tensor(unchecked: part.shape, Array(g.scalars[offset..<(offset + part.count)]))
            }

        case .shift(let offset):
            // The forward pass copies slice i − offset to slice i; the pullback copies back, and
            // the constant fill receives nothing.
            return [try g.shifted(by: -offset, filling: 0)]

        case .strictlyLowerTriangular:
            // The forward pass copies vector entries into matrix slots; the pullback gathers them back.
            let d = y.shape[0]
            var out = [Double](repeating: 0, count: operands[0].count)
            var index = 0
            for column in 0..<d {
                for row in (column + 1)..<Swift.max(d, column + 1) {
                    out[index] = g.scalars[row * d + column]
                    index += 1
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
