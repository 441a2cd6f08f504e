import AutoDiff
import Foundation

/// The `gmm` eval: the log posterior of a Gaussian mixture with a Wishart prior on the precision
/// matrices (the eval's simplified form), and its gradient with respect to α, μ, q and l.
///
/// The objective is a sum over data points plus terms that do not depend on the data. The `jacobian`
/// function differentiates the data term by tensor reverse mode (`tensorGradient`, all components
/// and points in about fifteen tensor operations) and the rest on the scalar tape; `gradient`, the
/// scalar-tape path kept as the reference and the fallback, records a chunk of points at a time on
/// one reused tape (the gradient of a sum is the sum of the chunks' gradients), so the tape stays a
/// few million operations whatever n is.
public enum GMMEval: EvalModule {
    /// `"gmm"`.
    public static let name = "gmm"
    /// `objective` and `jacobian`.
    public static let functions = ["objective", "jacobian"]

    /// The sizes and data of one problem; the independent variables are packed as
    /// θ = [α (k), μ (k·d), q (k·d), l (k·d(d−1)/2)].
    public struct Problem: Sendable {
        /// Dimension, components, points.
        public let d: Int, k: Int, n: Int
        /// The points, row-major n×d.
        public let x: [Double]
        /// The Wishart prior's extra degrees of freedom and precision.
        public let m: Int, gamma: Double

        /// Creates a problem.
        public init(d: Int, k: Int, x: [Double], m: Int, gamma: Double) {
            (self.d, self.k, self.n, self.x, self.m, self.gamma) = (d, k, x.count / d, x, m, gamma)
        }

        /// Entries of l per component.
        var lCount: Int { d * (d - 1) / 2 }
        /// Offsets of μ, q and l in θ.
        var muOffset: Int { k }
        var qOffset: Int { k + k * d }
        var lOffset: Int { k + 2 * k * d }
        /// The length of θ.
        public var parameterCount: Int { lOffset + k * lCount }
    }

    /// Σ over the points in `points` of logsumexp over components of
    /// βᵢₖ = αₖ + Σⱼ qₖⱼ − ½‖Q(qₖ, lₖ)(xᵢ − μₖ)‖², written once for every scalar type.
    public static func dataTerm<T: Scalar>(_ theta: [T], _ p: Problem, points: Range<Int>) -> T {
        let (d, k) = (p.d, p.k)
        var diagonal = [T](repeating: 0, count: k * d)
        var logDeterminant = [T](repeating: 0, count: k)
        for c in 0..<k {
            for j in 0..<d {
                let q = theta[p.qOffset + c * d + j]
                diagonal[c * d + j] = exp(q)
                logDeterminant[c] += q
            }
        }
        var centered = [T](repeating: 0, count: d)
        var transformed = [T](repeating: 0, count: d)
        var beta = [T](repeating: 0, count: k)
        var total: T = 0
        for i in points {
            for c in 0..<k {
                for j in 0..<d { centered[j] = T(p.x[i * d + j]) - theta[p.muOffset + c * d + j] }
                for j in 0..<d { transformed[j] = diagonal[c * d + j] * centered[j] }
                // Q's strictly lower part, filled column by column from lₖ.
                var index = p.lOffset + c * p.lCount
                for column in 0..<d {
                    for row in (column + 1)..<max(d, column + 1) {
                        transformed[row] += theta[index] * centered[column]
                        index += 1
                    }
                }
                var squaredNorm: T = 0
                for j in 0..<d { squaredNorm += transformed[j] * transformed[j] }
                beta[c] = theta[c] + logDeterminant[c] - 0.5 * squaredNorm
            }
            total += LSEEval.objective(beta)
        }
        return total
    }

    /// The terms that do not involve the data: −n(d/2·log 2π + logsumexp α) + log prior.
    public static func parameterTerm<T: Scalar>(_ theta: [T], _ p: Problem) -> T {
        let (d, k) = (p.d, p.k)
        let dof = d + p.m + 1
        let perComponent = Double(dof * d) * (log(p.gamma) - 0.5 * log(2.0)) - logMultivariateGamma(Double(dof) / 2, d)
        var prior = T(Double(k) * perComponent)
        for c in 0..<k {
            var frobenius: T = 0
            var sumQ: T = 0
            for j in 0..<d {
                let q = theta[p.qOffset + c * d + j]
                let e = exp(q)
                frobenius += e * e
                sumQ += q
            }
            for j in 0..<p.lCount {
                let l = theta[p.lOffset + c * p.lCount + j]
                frobenius += l * l
            }
            prior -= T(0.5 * p.gamma * p.gamma) * frobenius - T(Double(p.m)) * sumQ
        }
        let alpha = Array(theta[0..<k])
        return prior - T(Double(p.n)) * (T(Double(d) / 2 * log(2 * Double.pi)) + LSEEval.objective(alpha))
    }

    /// log Γ_d(a) = d(d−1)/4 · log π + Σⱼ₌₁..d log Γ(a + (1 − j)/2).
    static func logMultivariateGamma(_ a: Double, _ d: Int) -> Double {
        var sum = Double(d * (d - 1)) / 4 * log(Double.pi)
        for j in 1...max(d, 1) { sum += lgamma(a + Double(1 - j) / 2) }
        return sum
    }

    /// The log posterior, written once for every scalar type.
    public static func objective<T: Scalar>(_ theta: [T], _ p: Problem) -> T {
        parameterTerm(theta, p) + dataTerm(theta, p, points: 0..<p.n)
    }

    /// ∇ of the log posterior by reverse mode, a chunk of points per recording on `tape`; by
    /// default a chunk is as many points as fit in about four million tape entries.
    public static func gradient(_ theta: [Double], _ p: Problem, tape: Tape<Double> = Tape(),
                                pointsPerChunk: Int? = nil) -> [Double] {
        var total = valueWithGradient(at: theta, on: tape) { parameterTerm($0, p) }.gradient
        let perPoint = p.k * (p.d * p.d + 4 * p.d + 8)
        let chunk = max(1, pointsPerChunk ?? 4_000_000 / max(perPoint, 1))
        for start in stride(from: 0, to: p.n, by: chunk) {
            let points = start..<min(start + chunk, p.n)
            let g = valueWithGradient(at: theta, on: tape) { dataTerm($0, p, points: points) }.gradient
            for j in total.indices { total[j] += g[j] }
        }
        return total
    }

    /// Decodes `{d, k, n, x, alpha, mu, q, l, m, gamma}`.
    public static func prepare(function: String, input: JSONValue) throws -> PreparedEvaluation {
        let d = try input.int("d", minimum: 1), k = try input.int("k", minimum: 1)
        let x = try input.matrix("x", columns: d)
        let mu = try input.matrix("mu", columns: d), q = try input.matrix("q", columns: d)
        let l = try input.matrix("l", columns: d * (d - 1) / 2, minimumRows: 0)
        let alpha = try input.doubles("alpha", count: k)
        for (name, rows) in [("mu", mu.rows), ("q", q.rows), ("l", l.rows)] where rows != k {
            throw GradBenchError.badValue(field: "input.\(name)", reason: "must have k = \(k) rows, has \(rows)")
        }
        let problem = Problem(d: d, k: k, x: x.data, m: try input.int("m"), gamma: try input.double("gamma"))
        let theta = alpha + mu.data + q.data + l.data
        if function == "objective" { return .number { objective(theta, problem) } }
        let tape = Tape<Double>()
        // The data term by tensor reverse mode, and the scalar tape should a tensor operation refuse.
        return PreparedEvaluation({
            (try? tensorGradient(theta, problem)) ?? gradient(theta, problem, tape: tape)
        }) { g in
            func rows(_ offset: Int, _ width: Int) -> JSONValue {
                .array((0..<k).map { .numbers(Array(g[(offset + $0 * width)..<(offset + ($0 + 1) * width)])) })
            }
            return .object([
                "alpha": .numbers(Array(g[0..<k])), "mu": rows(problem.muOffset, d),
                "q": rows(problem.qOffset, d), "l": rows(problem.lOffset, problem.lCount),
            ])
        }
    }
}
