import Tensors

/// The second-order statistics of a data set that least squares and step-size estimates need,
/// from two passes over X: feature means x̄, target mean ȳ, the centred Gram matrix
/// C = Σ (xᵢ − x̄)(xᵢ − x̄)ᵀ and the centred cross products c = Σ (xᵢ − x̄)(yᵢ − ȳ).
///
/// Centring removes the bias column from the normal equations, which keeps them well conditioned
/// when features have large means.
public struct GramStatistics: Sendable, Equatable {
    /// The number of rows N.
    public var count: Int
    /// x̄.
    public var featureMeans: [Double]
    /// ȳ.
    public var targetMean: Double
    /// C, d×d row-major (symmetric).
    public var centredGram: [Double]
    /// c.
    public var centredCross: [Double]

    /// Computes the statistics, splitting rows across cores.
    public init(_ data: Dataset) {
        let (n, d) = (data.count, data.dimension)
        count = n
        var means = [Double](repeating: 0, count: d)
        var ySum = 0.0
        for i in 0..<n {
            for j in 0..<d { means[j] += data.features[i * d + j] }
            ySum += data.targets[i]
        }
        let inverse = 1 / Double(Swift.max(n, 1))
        for j in 0..<d { means[j] *= inverse }
        featureMeans = means
        targetMean = ySum * inverse
        let yMean = targetMean
        // Per chunk: the upper triangle of C (d×d) then c (d).
        let stride = d * d + d
        let chunks = chunkCount(count: n, minimumChunk: 4096)
        var partial = [Double](repeating: 0, count: chunks * stride)
        data.features.withUnsafeBufferPointer { x in
            data.targets.withUnsafeBufferPointer { y in
                means.withUnsafeBufferPointer { mu in
                    partial.withUnsafeMutableBufferPointer { p in
                        _ = parallelChunks(count: n, minimumChunk: 4096, maximumChunks: chunks) { c, rows in
                            let gram = p.baseAddress! + c * stride, cross = gram + d * d
                            let centred = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(d, 1))
                            defer { centred.deallocate() }
                            for i in rows {
                                let row = x.baseAddress! + i * d
                                for j in 0..<d { centred[j] = row[j] - mu[j] }
                                let r = y[i] - yMean
                                for j in 0..<d {
                                    let a = centred[j]
                                    cross[j] += a * r
                                    let line = gram + j * d
                                    for k in j..<d { line[k] += a * centred[k] }
                                }
                            }
                        }
                    }
                }
            }
        }
        var gram = [Double](repeating: 0, count: d * d)
        var cross = [Double](repeating: 0, count: d)
        for c in 0..<chunks {
            for j in 0..<d {
                cross[j] += partial[c * stride + d * d + j]
                for k in j..<d { gram[j * d + k] += partial[c * stride + j * d + k] }
            }
        }
        for j in 0..<d { for k in 0..<j { gram[j * d + k] = gram[k * d + j] } }
        centredGram = gram
        centredCross = cross
    }

    /// The Lipschitz constant of ∇L for the MSE loss: L = 2·λmax(AᵀA/N) with A = [X 1], by power
    /// iteration on the (d+1)×(d+1) matrix assembled from the centred statistics.
    public func lipschitzConstant() -> Double {
        let d = featureMeans.count
        let m = d + 1
        let inverse = 1 / Double(Swift.max(count, 1))
        var h = [Double](repeating: 0, count: m * m)
        for j in 0..<d {
            for k in 0..<d { h[j * m + k] = centredGram[j * d + k] * inverse + featureMeans[j] * featureMeans[k] }
            h[j * m + d] = featureMeans[j]
            h[d * m + j] = featureMeans[j]
        }
        h[d * m + d] = 1
        return 2 * largestEigenvalue(symmetric: h, size: m)
    }
}

/// The largest eigenvalue of a symmetric positive semidefinite matrix by power iteration (Rayleigh
/// quotient), from a start with every component nonzero.
public func largestEigenvalue(symmetric a: [Double], size m: Int, iterations: Int = 500) -> Double {
    var v = (0..<m).map { 1 + Double($0) / Double(m) }
    var lambda = 0.0
    for _ in 0..<iterations {
        var w = [Double](repeating: 0, count: m)
        for i in 0..<m { for k in 0..<m { w[i] += a[i * m + k] * v[k] } }
        let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm == 0 { return 0 }
        let next = zip(v, w).reduce(0) { $0 + $1.0 * $1.1 } / v.reduce(0) { $0 + $1 * $1 }
        v = w.map { $0 / norm }
        if Swift.abs(next - lambda) <= 1e-12 * Swift.abs(next) { return next }
        lambda = next
    }
    return lambda
}
