import Foundation

/// The exact minimizer of the MSE loss, for comparison with iterative answers.
public struct LeastSquaresSolution: Sendable, Equatable {
    /// How it was computed.
    public enum Method: String, Sendable {
        /// Cholesky factorization of the centred, scaled normal equations.
        case cholesky
        /// Householder QR of the centred, scaled data (used when the normal equations are ill conditioned).
        case qr
    }

    /// w*.
    public var weights: [Double]
    /// b*.
    public var bias: Double
    /// The estimated condition number of the scaled normal-equation matrix.
    public var conditionNumber: Double
    /// The method used.
    public var method: Method

    /// [w*, b*] as one parameter vector.
    public var parameters: [Double] { weights + [bias] }
}

/// Cholesky is trusted while the scaled normal equations' condition number stays below this: the
/// solution's relative error is then about κ·ε ≤ 1e-6; above it, QR on the data (error ≈ √κ·ε).
public let choleskyConditionLimit = 1e10

/// The exact least-squares solution of min (1/N) Σ (w·xᵢ + b − yᵢ)².
///
/// Features are centred (which eliminates b) and scaled to unit norm; the normal equations are
/// solved by Cholesky when their estimated condition number is below `choleskyConditionLimit`,
/// otherwise by Householder QR on the data itself. Throws `LearningError.rankDeficient` naming a
/// feature that is constant or a linear combination of earlier ones.
///
/// ```swift
/// let exact = try exactLeastSquares(data)
/// exact.weights, exact.bias
/// ```
public func exactLeastSquares(_ data: Dataset, statistics: GramStatistics? = nil) throws -> LeastSquaresSolution {
    let stats = statistics ?? GramStatistics(data)
    let d = data.dimension
    if data.count == 0 { throw LearningError.noData("the data set has no rows") }
    if d == 0 { return LeastSquaresSolution(weights: [], bias: stats.targetMean, conditionNumber: 1, method: .cholesky) }
    // Jacobi scaling: S = diag(C)^(-1/2), solve (S C S) z = S c, w = S z.
    var scale = [Double](repeating: 0, count: d)
    for j in 0..<d {
        let diagonal = stats.centredGram[j * d + j]
        let magnitude = stats.featureMeans[j] * stats.featureMeans[j] * Double(data.count)
        if !(diagonal > 1e-24 * Swift.max(magnitude, 1e-300)) { throw LearningError.rankDeficient(feature: data.featureNames[j]) }
        scale[j] = 1 / diagonal.squareRoot()
    }
    var a = [Double](repeating: 0, count: d * d)
    for j in 0..<d { for k in 0..<d { a[j * d + k] = scale[j] * stats.centredGram[j * d + k] * scale[k] } }
    let rhs = (0..<d).map { scale[$0] * stats.centredCross[$0] }

    if let factor = choleskyFactor(a, size: d) {
        let lambdaMax = largestEigenvalue(symmetric: a, size: d)
        let lambdaMin = smallestEigenvalue(cholesky: factor, size: d)
        let condition = lambdaMin > 0 ? lambdaMax / lambdaMin : .infinity
        if condition < choleskyConditionLimit {
            let z = choleskySolve(factor, size: d, rhs)
            let w = (0..<d).map { z[$0] * scale[$0] }
            return LeastSquaresSolution(weights: w, bias: bias(for: w, stats), conditionNumber: condition, method: .cholesky)
        }
    }
    let (w, condition) = try householderLeastSquares(data, stats: stats, scale: scale)
    return LeastSquaresSolution(weights: w, bias: bias(for: w, stats), conditionNumber: condition, method: .qr)
}

/// b* = ȳ − w*·x̄.
private func bias(for w: [Double], _ stats: GramStatistics) -> Double {
    stats.targetMean - zip(w, stats.featureMeans).reduce(0) { $0 + $1.0 * $1.1 }
}

/// The lower-triangular L with A = LLᵀ, or nil when A is not numerically positive definite.
func choleskyFactor(_ a: [Double], size m: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: m * m)
    for j in 0..<m {
        var s = a[j * m + j]
        for k in 0..<j { s -= l[j * m + k] * l[j * m + k] }
        if !(s > 0) { return nil }
        let pivot = s.squareRoot()
        l[j * m + j] = pivot
        for i in (j + 1)..<Swift.max(j + 1, m) {
            var t = a[i * m + j]
            for k in 0..<j { t -= l[i * m + k] * l[j * m + k] }
            l[i * m + j] = t / pivot
        }
    }
    return l
}

/// Solves LLᵀx = b by two triangular solves.
func choleskySolve(_ l: [Double], size m: Int, _ b: [Double]) -> [Double] {
    var z = b
    for i in 0..<m {
        for k in 0..<i { z[i] -= l[i * m + k] * z[k] }
        z[i] /= l[i * m + i]
    }
    for i in stride(from: m - 1, through: 0, by: -1) {
        for k in (i + 1)..<Swift.max(i + 1, m) { z[i] -= l[k * m + i] * z[k] }
        z[i] /= l[i * m + i]
    }
    return z
}

/// The smallest eigenvalue of A = LLᵀ by inverse power iteration (each step one Cholesky solve).
func smallestEigenvalue(cholesky l: [Double], size m: Int, iterations: Int = 200) -> Double {
    var v = (0..<m).map { 1 - 0.5 * Double($0) / Double(m) }
    var mu = 0.0
    for _ in 0..<iterations {
        let w = choleskySolve(l, size: m, v)
        let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if !(norm > 0 && norm.isFinite) { return 0 }
        let next = zip(v, w).reduce(0) { $0 + $1.0 * $1.1 } / v.reduce(0) { $0 + $1 * $1 }
        v = w.map { $0 / norm }
        if Swift.abs(next - mu) <= 1e-10 * Swift.abs(next) { mu = next; break }
        mu = next
    }
    return mu > 0 ? 1 / mu : 0
}

/// Least squares on the centred, scaled data by Householder QR: min ‖Xs z − yc‖, w = S z.
/// Returns w and the condition estimate (max |Rⱼⱼ| / min |Rⱼⱼ|)².
private func householderLeastSquares(_ data: Dataset, stats: GramStatistics, scale: [Double]) throws -> ([Double], Double) {
    let (n, d) = (data.count, data.dimension)
    // Column-major copy of the centred, scaled features; y centred.
    var a = [Double](repeating: 0, count: n * d)
    for i in 0..<n { for j in 0..<d { a[j * n + i] = (data.features[i * d + j] - stats.featureMeans[j]) * scale[j] } }
    var y = data.targets.map { $0 - stats.targetMean }
    var diagonal = [Double](repeating: 0, count: d)
    for j in 0..<d {
        var norm = 0.0
        for i in j..<n { norm += a[j * n + i] * a[j * n + i] }
        norm = norm.squareRoot()
        let alpha = a[j * n + j] > 0 ? -norm : norm
        // v = x − αe₁ stored in place; R_jj = α.
        a[j * n + j] -= alpha
        var vv = 0.0
        for i in j..<n { vv += a[j * n + i] * a[j * n + i] }
        diagonal[j] = alpha
        if vv == 0 { continue }
        for k in (j + 1)..<Swift.max(j + 1, d) {
            var s = 0.0
            for i in j..<n { s += a[j * n + i] * a[k * n + i] }
            let f = 2 * s / vv
            for i in j..<n { a[k * n + i] -= f * a[j * n + i] }
        }
        var s = 0.0
        for i in j..<n { s += a[j * n + i] * y[i] }
        let f = 2 * s / vv
        for i in j..<n { y[i] -= f * a[j * n + i] }
    }
    let largest = diagonal.map { Swift.abs($0) }.max() ?? 0
    for j in 0..<d where !(Swift.abs(diagonal[j]) > 1e-12 * largest) {
        throw LearningError.rankDeficient(feature: data.featureNames[j])
    }
    // Back substitution with R: R_jj = diagonal[j], R_jk (k > j) = a[k * n + j].
    var z = [Double](repeating: 0, count: d)
    for j in stride(from: d - 1, through: 0, by: -1) {
        var t = y[j]
        for k in (j + 1)..<Swift.max(j + 1, d) { t -= a[k * n + j] * z[k] }
        z[j] = t / diagonal[j]
    }
    let smallest = diagonal.map { Swift.abs($0) }.min() ?? 1
    let ratio = largest / smallest
    return ((0..<d).map { z[$0] * scale[$0] }, ratio * ratio)
}
