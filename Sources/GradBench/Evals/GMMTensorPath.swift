import AutoDiff
import Tensors

extension GMMEval {
    /// ∇ of the log posterior with the data term by tensor reverse mode, a few d×d tape entries per
    /// component and about ten n×kd ones for all components together, instead of k·n·d² scalar
    /// ones; the small parameter term stays on the scalar tape.
    ///
    /// With Qc = diag(exp qc) + Lc (Lc strictly lower, from lc), Qc·(x − μc) = Qc·x − Qc·μc, so one
    /// product X·W with W = [Q1ᵀ … Qkᵀ] (d × kd) transforms every point for every component at once;
    /// minus the row r = [Q1μ1 … Qkμk], squared, summed in groups of d, this is the n×k matrix
    /// βᵢc = αc + Σⱼ qcⱼ − ½ ‖Qc(xᵢ − μc)‖², and the data term is Σᵢ log Σc exp βᵢc by the fused
    /// `logSumExp(alongAxis: 1)` (which shifts by the max like the scalar path, so this is the
    /// same function and gradient up to rounding). X is a constant, so the product's pullback is
    /// one Xᵀ·G.
    public static func tensorGradient(_ theta: [Double], _ p: Problem) throws -> [Double] {
        let (d, k, n) = (p.d, p.k, p.n)
        var total = valueWithGradient(at: theta) { parameterTerm($0, p) }.gradient
        let points = try Tensor(shape: [n, d], scalars: p.x).constant
        var identityScalars = [Double](repeating: 0, count: d * d)
        for j in 0..<d { identityScalars[j * d + j] = 1 }
        let identity = try Tensor(shape: [d, d], scalars: identityScalars)
        // Inputs: αc (rank 0), μc, qc (d), lc (d(d−1)/2), for every component.
        var inputs: [Tensor] = []
        for c in 0..<k {
            inputs.append(Tensor(theta[c]))
            inputs.append(Tensor(Array(theta[(p.muOffset + c * d)..<(p.muOffset + (c + 1) * d)])))
            inputs.append(Tensor(Array(theta[(p.qOffset + c * d)..<(p.qOffset + (c + 1) * d)])))
            inputs.append(Tensor(Array(theta[(p.lOffset + c * p.lCount)..<(p.lOffset + (c + 1) * p.lCount)])))
        }
        let gradient = try Tensors.tensorGradient(at: inputs) { v in
            var factors: [TrackedTensor] = [], shifts: [TrackedTensor] = [], constants: [TrackedTensor] = []
            for c in 0..<k {
                let (alpha, mu, q, l) = (v[4 * c], v[4 * c + 1], v[4 * c + 2], v[4 * c + 3])
                var factor = try q.applying(.exp) * identity  // diag(exp qc): row i keeps entry i
                if d > 1 { factor = try factor + l.strictlyLowerTriangular(size: d) }
                factors.append(factor)
                shifts.append(try factor.matvec(mu))
                constants.append(try alpha + q.sum())
            }
            let weights = try TrackedTensor.stacked(factors).reshaped([k * d, d]).transposed()
            let transformed = try points.matmul(weights) - TrackedTensor.stacked(shifts).reshaped([k * d])
            let squaredNorms = try transformed.applying(.powInt(2)).reshaped([n, k, d]).sum(alongAxis: 2)
            let betas = try squaredNorms * Tensor(-0.5) + TrackedTensor.stacked(constants)
            return try betas.logSumExp(alongAxis: 1).sum()
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
