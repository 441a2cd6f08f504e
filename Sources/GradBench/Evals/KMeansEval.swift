import AutoDiff
import Tensors

/// The `kmeans` eval: the cost Σᵢ minⱼ ‖Cⱼ − Pᵢ‖² and the Newton direction J·H⁻¹, where J is the
/// gradient with respect to the centroids and H its (diagonal) Hessian.
///
/// Both come from one forward-over-reverse sweep: the gradient is taken on dual numbers whose
/// tangents are all 1, so the values are J and the tangents are H·1, which is diag H because H is
/// diagonal. `dir` runs it at tensor granularity (`tensorDirection`, in KMeansTensorPath.swift),
/// with the scalar tape (`direction`) as the definition it is tested against.
public enum KMeansEval: EvalModule {
    /// `"kmeans"`.
    public static let name = "kmeans"
    /// `cost` and `dir`.
    public static let functions = ["cost", "dir"]

    /// The k-means cost for `n` points and `k` centroids of dimension `d` (row-major), written
    /// once for every scalar type. The minimum over centroids is taken by selecting the closest
    /// one on primal values and summing its distance: that is `min`'s value, and off ties its
    /// derivative (the branch taken), without putting all n·k distances on the tape.
    public static func cost<T: Scalar>(points: [Double], centroids: [T], d: Int) -> T {
        let n = points.count / d, k = centroids.count / d
        // The primal values of the centroids, read without bounds checks in the n·k·d loop.
        let primal = centroids.map(\.doubleValue)
        var total: T = 0
        for i in 0..<n {
            let p = i * d
            let closest = primal.withUnsafeBufferPointer { c in
                points.withUnsafeBufferPointer { x in closestCentroid(to: x.baseAddress! + p, in: c.baseAddress!, k: k, d: d) }
            }
            let c = closest * d
            var distance: T = 0
            for e in 0..<d {
                let diff = centroids[c + e] - T(points[p + e])
                distance += diff * diff
            }
            total += distance
        }
        return total
    }

    /// The index of the centroid (of `k`, row-major in `centroids`) closest to the point `x`; the
    /// first one on a tie. Squared distances are summed four coordinates at a time (SIMD), two
    /// centroids per step (independent sums, so their additions overlap), then compared in order.
    static func closestCentroid(to x: UnsafePointer<Double>, in centroids: UnsafePointer<Double>, k: Int, d: Int) -> Int {
        var closest = 0
        var closestDistance = Double.infinity
        var j = 0
        while j + 2 <= k {
            let (first, second) = squaredDistances(x, centroids + j * d, centroids + (j + 1) * d, d)
            if first < closestDistance { (closest, closestDistance) = (j, first) }
            if second < closestDistance { (closest, closestDistance) = (j + 1, second) }
            j += 2
        }
        if j < k {
            let (last, _) = squaredDistances(x, centroids + j * d, centroids + j * d, d)
            if last < closestDistance { closest = j }
        }
        return closest
    }

    /// ‖x − a‖² and ‖x − b‖² for d coordinates.
    @inline(__always)
    static func squaredDistances(_ x: UnsafePointer<Double>, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                 _ d: Int) -> (Double, Double) {
        let point = UnsafeRawPointer(x), first = UnsafeRawPointer(a), second = UnsafeRawPointer(b)
        var partialA = SIMD4<Double>(), partialB = SIMD4<Double>()
        var e = 0
        while e + 4 <= d {
            let offset = e * MemoryLayout<Double>.stride
            let p = point.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            let da = p - first.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            let db = p - second.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            partialA += da * da
            partialB += db * db
            e += 4
        }
        var distanceA = partialA.sum(), distanceB = partialB.sum()
        while e < d {
            let da = x[e] - a[e], db = x[e] - b[e]
            distanceA += da * da
            distanceB += db * db
            e += 1
        }
        return (distanceA, distanceB)
    }

    /// The direction J·H⁻¹ (row-major k×d) by forward-over-reverse mode, recording on `tape`.
    public static func direction(points: [Double], centroids: [Double], d: Int,
                                 tape: Tape<Dual<Double>> = Tape()) -> [Double] {
        let seeded = centroids.map { Dual($0, tangent: 1) }
        let g = valueWithGradient(at: seeded, on: tape) { cost(points: points, centroids: $0, d: d) }.gradient
        return g.map { $0.value / $0.tangent }
    }

    /// Decodes `{points, centroids}`.
    public static func prepare(function: String, input: JSONValue) throws -> PreparedEvaluation {
        let points = try input.matrix("points")
        guard points.columns > 0 else { throw GradBenchError.badValue(field: "input.points", reason: "must have at least one coordinate") }
        let centroids = try input.matrix("centroids", columns: points.columns)
        let d = points.columns
        if function == "cost" { return .number { cost(points: points.data, centroids: centroids.data, d: d) } }
        let tape = Tape<Dual<Double>>()
        let pointsTensor = try Tensor(shape: [points.rows, d], scalars: points.data)
        // Tensor forward-over-reverse (a handful of tensor operations over all n·d coordinates);
        // the scalar tape is the fallback should a tensor operation refuse.
        return PreparedEvaluation({
            (try? tensorDirection(points: pointsTensor, centroids: centroids.data))
                ?? direction(points: points.data, centroids: centroids.data, d: d, tape: tape)
        }) { dir in
            .array((0..<centroids.rows).map { .numbers(Array(dir[($0 * d)..<($0 * d + d)])) })
        }
    }
}
