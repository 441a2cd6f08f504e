import AutoDiff
import Tensors

extension GMMEval {
    /// ∇ of the log posterior with the data term by tensor reverse mode, about 15 tape entries per
    /// component instead of k·n·d² scalar ones; the small parameter term stays on the scalar tape.
    ///
    /// Per component c, with X the n×d points: βᶜ = αc + Σⱼ qcⱼ − ½ ‖(X − μc) ∘ exp(qc) +
    /// (X − μc)·Lcᵀ‖²_rows (Lc strictly lower, from lc), an n-vector; the data term is
    /// Σᵢ log Σc exp(βᶜᵢ − mᵢ) + mᵢ with m the elementwise max of the βᶜ taken as a constant (the
    /// identity holds for any m, so this is the same function and the same gradient as the scalar
    /// path's max trick up to rounding).
    public static func tensorGradient(_ theta: [Double], _ p: Problem) throws -> [Double] {
        let (d, k, n) = (p.d, p.k, p.n)
        var total = valueWithGradient(at: theta) { parameterTerm($0, p) }.gradient
        let points = try Tensor(shape: [n, d], scalars: p.x).constant
        // Inputs: αc (rank 0), μc, qc (d), lc (d(d−1)/2), for every component.
        var inputs: [Tensor] = []
        for c in 0..<k {
            inputs.append(Tensor(theta[c]))
            inputs.append(Tensor(Array(theta[(p.muOffset + c * d)..<(p.muOffset + (c + 1) * d)])))
            inputs.append(Tensor(Array(theta[(p.qOffset + c * d)..<(p.qOffset + (c + 1) * d)])))
            inputs.append(Tensor(Array(theta[(p.lOffset + c * p.lCount)..<(p.lOffset + (c + 1) * p.lCount)])))
        }
        let gradient = try Tensors.tensorGradient(at: inputs) { v in
            var betas: [TrackedTensor] = []
            for c in 0..<k {
                let (alpha, mu, q, l) = (v[4 * c], v[4 * c + 1], v[4 * c + 2], v[4 * c + 3])
                let centered = try points - mu
                var transformed = try centered * q.applying(.exp)
                if d > 1 {
                    transformed = try transformed + centered.matmul(l.strictlyLowerTriangular(size: d).transposed())
                }
                let squaredNorms = try (transformed * transformed).sum(alongAxis: 1)
                betas.append(try squaredNorms * Tensor(-0.5) + (alpha + q.sum()))
            }
            var shift = betas[0].value.scalars
            for beta in betas.dropFirst() {
                for i in 0..<n { shift[i] = Swift.max(shift[i], beta.value.scalars[i]) }
            }
            let m = Tensor(shift)
            var sum = try (betas[0] - m).applying(.exp)
            for beta in betas.dropFirst() { sum = try sum + (beta - m).applying(.exp) }
            return try sum.applying(.log).sum() + m.sum()
        }
        for c in 0..<k {
            total[c] += gradient[4 * c].scalars[0]
            for j in 0..<d {
                total[p.muOffset + c * d + j] += gradient[4 * c + 1].scalars[j]
                total[p.qOffset + c * d + j] += gradient[4 * c + 2].scalars[j]
            }
            for j in 0..<p.lCount { total[p.lOffset + c * p.lCount + j] += gradient[4 * c + 3].scalars[j] }
        }
        return total
    }
}
