import Tensors

extension KMeansEval {
    /// The direction J·H⁻¹ (row-major k×d) by tensor forward-over-reverse mode
    /// (`tensorHessianVectorProduct` along all ones, which gives diag H since H is diagonal).
    ///
    /// The objective is the same as `cost`: each point's closest centroid is chosen on primal values
    /// (min's branch taken), then Σ ‖C[closestᵢ] − Pᵢ‖² is recorded as four tensor operations over
    /// all n·d coordinates (gather of the chosen rows, subtract, multiply, sum) instead of ≈ 3·n·d
    /// scalar ones. `points` is n×d.
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
        let (_, g, h) = try tensorHessianVectorProduct(at: [c], along: [Tensor(repeating: 1, shape: [k, d])]) { p in
            let difference = try p[0].gatheringRows(closest) - points
            return try (difference * difference).sum()
        }
        return zip(g[0].scalars, h[0].scalars).map { $0 / $1 }
    }
}
