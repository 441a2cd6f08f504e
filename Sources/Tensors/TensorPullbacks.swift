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
            for i in out.indices { out[i] *= localDerivative(op, at: x.scalars[i], value: y.scalars[i]) }
            return [Tensor(unchecked: x.shape, out)]

        case .binary(let op):
            let (a, b) = (operands[0], operands[1])
            let ia = a.shape == y.shape ? nil : Broadcasting.offsets(of: a.shape, into: y.shape)
            let ib = b.shape == y.shape ? nil : Broadcasting.offsets(of: b.shape, into: y.shape)
            var ga = [Double](repeating: 0, count: wanted[0] ? y.count : 0)
            var gb = [Double](repeating: 0, count: wanted[1] ? y.count : 0)
            for k in 0..<y.count {
                let av = a.scalars[ia?[k] ?? k], bv = b.scalars[ib?[k] ?? k]
                let (da, db) = localPartials(op, at: av, bv, value: y.scalars[k])
                if wanted[0] { ga[k] = g.scalars[k] * da }
                if wanted[1] { gb[k] = g.scalars[k] * db }
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
            for o in 0..<outer { for k in 0..<n { for i in 0..<inner { out[(o * n + k) * inner + i] = g.scalars[o * inner + i] } } }
            return [Tensor(unchecked: x.shape, out)]

        case .maxAlongAxis(let axis):
            // The max is a left fold m ← max(m, xₖ); its pullback walks the fold backwards with the
            // rule table's partials of `max` (so ties follow the kink policy exactly like scalars).
            let x = operands[0]
            let (outer, n, inner) = try x.split(axis, "max")
            var out = [Double](repeating: 0, count: x.count)
            var prefix = [Double](repeating: 0, count: n)
            for o in 0..<outer {
                for i in 0..<inner {
                    let at = { (k: Int) in (o * n + k) * inner + i }
                    prefix[0] = x.scalars[at(0)]
                    for k in 1..<Swift.max(n, 1) { prefix[k] = Binary.max.evaluate(prefix[k - 1], x.scalars[at(k)]) }
                    var carry = g.scalars[o * inner + i]
                    for k in stride(from: n - 1, through: 1, by: -1) {
                        let (dm, dx) = localPartials(Binary.max, at: prefix[k - 1], x.scalars[at(k)], value: prefix[k])
                        out[at(k)] = carry * dx
                        carry *= dm
                    }
                    out[at(0)] = carry
                }
            }
            return [Tensor(unchecked: x.shape, out)]
        }
    }
}
