import AutoDiff
import Tensors

extension GMMEval {
    /// ∇ of the log posterior with the data term by tensor reverse mode, about fifteen tape entries
    /// for all components together instead of k·n·d² scalar ones; the small parameter term stays on
    /// the scalar tape.
    ///
    /// With Qc = diag(exp qc) + Lc (Lc strictly lower, from lc), Qc·(x − μc) = Qc·x − Qc·μc, so one
    /// product X·W with W = [Q1ᵀ … Qkᵀ] (d × kd) transforms every point for every component at once;
    /// minus the row r = [Q1μ1 … Qkμk] (one product of [−1 X] and [r; W]) and with `sum(applying: .powInt(2), alongAxis:)` over groups
    /// of d (squared norms in one pass), this is the n×k matrix
    /// βᵢc = αc + Σⱼ qcⱼ − ½ ‖Qc(xᵢ − μc)‖², and the data term is Σᵢ log Σc exp βᵢc by the fused
    /// `logSumExp(alongAxis: 1)` (which shifts by the max like the scalar path, so this is the
    /// same function and gradient up to rounding). The k factors Qc are built at once (a batch of
    /// triangles, diagonals by broadcasting against the identity), and X is a constant, so the
    /// product's pullback is one Xᵀ·G.
    public static func tensorGradient(_ theta: [Double], _ p: Problem) throws -> [Double] {
        let (d, k, n) = (p.d, p.k, p.n)
        var total = valueWithGradient(at: theta) { parameterTerm($0, p) }.gradient
        // The points after a column of −1: [−1 X]·[r; W] = X·W − r in one product. (With r the
        // first row, each four-column panel of [r; W] has its nonzero rows together, the rows of a
        // triangle, so the product skips the zeros.)
        var augmented = [Double](repeating: -1, count: n * (d + 1))
        for i in 0..<n { for j in 0..<d { augmented[i * (d + 1) + 1 + j] = p.x[i * d + j] } }
        let points = try Tensor(shape: [n, d + 1], scalars: augmented).constant
        var identityScalars = [Double](repeating: 0, count: d * d)
        for j in 0..<d { identityScalars[j * d + j] = 1 }
        let identity = try Tensor(shape: [d, d], scalars: identityScalars)
        // Inputs: α (k), μ (k×d), q (k×d), l (k × d(d−1)/2): slices of θ.
        let inputs = [
            Tensor(Array(theta[0..<k])),
            try Tensor(shape: [k, d], scalars: Array(theta[p.muOffset..<p.qOffset])),
            try Tensor(shape: [k, d], scalars: Array(theta[p.qOffset..<p.lOffset])),
            try Tensor(shape: [k, p.lCount], scalars: Array(theta[p.lOffset..<p.parameterCount])),
        ]
        let gradient = try Tensors.tensorGradient(at: inputs) { v in
            let (alpha, mu, q, l) = (v[0], v[1], v[2], v[3])
            // Qc = diag(exp qc) + Lc for every c: shape [k, d, d], row i of Qc keeping entry i of exp qc.
            var factors = try q.applying(.exp).reshaped([k, d, 1]) * identity
            if d > 1 { factors = try factors + l.strictlyLowerTriangular(size: d) }
            let shifts = try (factors * mu.reshaped([k, 1, d])).sum(alongAxis: 2).reshaped([1, k * d])
            let weights = try TrackedTensor.concatenated([shifts, factors.reshaped([k * d, d]).transposed()])
            let transformed = try points.matmul(weights)
            let squaredNorms = try transformed.reshaped([n, k, d]).sum(applying: .powInt(2), alongAxis: 2)
            let betas = try squaredNorms * Tensor(-0.5) + (alpha + q.sum(alongAxis: 1))
            return try betas.logSumExp(alongAxis: 1).sum()
        }
        let flat = gradient[0].scalars + gradient[1].scalars + gradient[2].scalars + gradient[3].scalars
        for j in total.indices { total[j] += flat[j] }
        return total
    }
}
