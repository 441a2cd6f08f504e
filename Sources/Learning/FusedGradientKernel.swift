import Tensors

/// The linear-regression loss and gradient in ONE pass over X: each row's residual and its
/// contribution to the gradient are computed while the row is in cache.
///
/// For rows i in `rows`: rᵢ = w·xᵢ + b − yᵢ; returns Σ rᵢ² and adds Σ rᵢ·xᵢ to `gradient[0..<d]`
/// and Σ rᵢ to `gradient[d]` (unscaled sums: the caller applies 1/N and 2/N).
///
/// Rows are taken four at a time: four independent dot products (no single dependent add chain),
/// then one update of the gradient accumulator with the four rows, so the accumulator is loaded
/// and stored once per four rows.
@inlinable
public func fusedResidualPass(features x: UnsafePointer<Double>, targets y: UnsafePointer<Double>, dimension d: Int,
                              rows: Range<Int>, weights w: UnsafePointer<Double>, bias b: Double,
                              gradient g: UnsafeMutablePointer<Double>) -> Double {
    var sse0 = 0.0, sse1 = 0.0
    var gb0 = 0.0, gb1 = 0.0
    var i = rows.lowerBound
    while i + 4 <= rows.upperBound {
        let x0 = x + i * d, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var j = 0
        while j < d {
            let wj = w[j]
            s0 += wj * x0[j]
            s1 += wj * x1[j]
            s2 += wj * x2[j]
            s3 += wj * x3[j]
            j += 1
        }
        let r0 = s0 + b - y[i], r1 = s1 + b - y[i + 1], r2 = s2 + b - y[i + 2], r3 = s3 + b - y[i + 3]
        sse0 += r0 * r0 + r1 * r1
        sse1 += r2 * r2 + r3 * r3
        gb0 += r0 + r1
        gb1 += r2 + r3
        j = 0
        while j < d {
            g[j] += (r0 * x0[j] + r1 * x1[j]) + (r2 * x2[j] + r3 * x3[j])
            j += 1
        }
        i += 4
    }
    while i < rows.upperBound {
        let xi = x + i * d
        var s = 0.0
        for j in 0..<d { s += w[j] * xi[j] }
        let r = s + b - y[i]
        sse0 += r * r
        gb0 += r
        for j in 0..<d { g[j] += r * xi[j] }
        i += 1
    }
    g[d] += gb0 + gb1
    return sse0 + sse1
}

/// The loss L(w, b) = (1/N) Σ (w·xᵢ + b − yᵢ)² and its gradient (∇w L, ∂L/∂b) in one pass over X,
/// split across cores when N is large (each core reads its own rows and keeps its own partial
/// gradient; the partials are added at the end).
///
/// - Parameters:
///   - features: N×d row-major.
///   - parameters: [w₀ … w_{d−1}, b].
/// - Returns: the loss and the gradient [∂L/∂w₀ … ∂L/∂w_{d−1}, ∂L/∂b].
@inlinable
public func fusedLossAndGradient(features: UnsafeBufferPointer<Double>, targets: UnsafeBufferPointer<Double>,
                                 dimension d: Int, parameters: UnsafeBufferPointer<Double>,
                                 minimumRowsPerCore: Int = 8192) -> (loss: Double, gradient: [Double]) {
    let n = targets.count
    let chunks = chunkCount(count: n, minimumChunk: minimumRowsPerCore)
    // One cache-line-padded partial per chunk: [gradient (d+1), sse].
    let stride = ((d + 2) + 7) / 8 * 8
    var partials = [Double](repeating: 0, count: chunks * stride)
    partials.withUnsafeMutableBufferPointer { p in
        _ = parallelChunks(count: n, minimumChunk: minimumRowsPerCore, maximumChunks: chunks) { c, rows in
            let slot = p.baseAddress! + c * stride
            slot[d + 1] = fusedResidualPass(features: features.baseAddress!, targets: targets.baseAddress!, dimension: d,
                                            rows: rows, weights: parameters.baseAddress!, bias: parameters[d], gradient: slot)
        }
    }
    var gradient = [Double](repeating: 0, count: d + 1)
    var sse = 0.0
    for c in 0..<chunks {
        for j in 0...d { gradient[j] += partials[c * stride + j] }
        sse += partials[c * stride + d + 1]
    }
    let scale = 2 / Double(Swift.max(n, 1))
    for j in 0...d { gradient[j] *= scale }
    return (sse / Double(Swift.max(n, 1)), gradient)
}
