import Tensors

extension KMeansEval {
    /// The direction J·H⁻¹ (row-major k×d) by tensor forward-over-reverse mode
    /// (`tensorHessianVectorProduct` along all ones, which gives diag H since H is diagonal).
    ///
    /// The objective is the same as `cost`: each point's closest centroid is chosen on primal values
    /// (min's branch taken), then Σ ‖C[closestᵢ] − Pᵢ‖² is recorded as four tensor operations (gather
    /// of the chosen rows, subtract, multiply, sum) instead of ≈ 3·n·d scalar ones. The sum over
    /// points is split into blocks of rows whose intermediates stay in cache; the gradient and the
    /// Hessian–vector product of the sum are the sums of the blocks' (linearity of the derivative).
    /// `points` is n×d.
    public static func tensorDirection(points: Tensor, centroids: [Double]) throws -> [Double] {
        let (n, d) = (points.shape[0], points.shape[1])
        let k = centroids.count / d
        let closest = [Int](unsafeUninitializedCapacity: n) { buffer, initialized in
            centroids.withUnsafeBufferPointer { c in
                points.scalars.withUnsafeBufferPointer { x in
                    for i in 0..<n { buffer[i] = closestCentroid(to: x.baseAddress! + i * d, in: c.baseAddress!, k: k, d: d) }
                }
            }
            initialized = n
        }
        let c = try Tensor(shape: [k, d], scalars: centroids)
        let ones = try Tensor(repeating: 1, shape: [k, d])
        let rowsPerBlock = Swift.max(1, blockElements / d)
        var gradient = [Double](repeating: 0, count: k * d), curvature = gradient
        for start in stride(from: 0, to: n, by: rowsPerBlock) {
            let end = Swift.min(n, start + rowsPerBlock)
            let block = rowsPerBlock >= n ? points
                : try Tensor(shape: [end - start, d], scalars: Array(points.scalars[(start * d)..<(end * d)]))
            let chosen = Array(closest[start..<end])
            let (_, g, h) = try tensorHessianVectorProduct(at: [c], along: [ones]) { p in
                let difference = try p[0].gatheringRows(chosen) - block
                return try (difference * difference).sum()
            }
            for e in gradient.indices {
                gradient[e] += g[0].scalars[e]
                curvature[e] += h[0].scalars[e]
            }
        }
        return zip(gradient, curvature).map { $0 / $1 }
    }

    /// Coordinates per block of `tensorDirection` (each intermediate tensor is then 96 KiB: in cache,
    /// and under glibc's mmap threshold, so blocks reuse heap memory instead of fresh pages).
    static let blockElements = 12288
}
