import AutoDiff

/// The `ba` eval: bundle adjustment's reprojection errors (Rodrigues rotation, radial distortion)
/// and Zach weight errors for p observations of m points by n cameras, and their sparse Jacobian.
///
/// The input carries one camera, one point, one weight and one feature, which the tool duplicates
/// (camera i mod n, point i mod m for observation i) and must not exploit. Each observation's
/// 2×15 Jacobian block (11 camera parameters, 3 point coordinates, 1 weight) is computed by vector
/// forward mode, one `VectorDual` pass per observation.
public enum BAEval: EvalModule {
    /// `"ba"`.
    public static let name = "ba"
    /// `objective` and `jacobian`.
    public static let functions = ["objective", "jacobian"]

    /// Parameters per camera: rotation (3), center (3), focal length, principal point (2), radial
    /// distortion (2).
    static let cameraCount = 11

    /// The duplicated problem.
    public struct Problem: Sendable {
        /// Cameras, points, observations.
        public let n: Int, m: Int, p: Int
        /// Camera parameters (n×11), points (m×3), weights (p), features (p×2), row-major.
        public let cameras: [Double], points: [Double], weights: [Double], features: [Double]

        /// Duplicates one camera, point, weight and feature as the eval prescribes.
        public init(n: Int, m: Int, p: Int, camera: [Double], point: [Double], weight: Double, feature: [Double]) {
            (self.n, self.m, self.p) = (n, m, p)
            cameras = Array((0..<n).map { _ in camera }.joined())
            points = Array((0..<m).map { _ in point }.joined())
            weights = [Double](repeating: weight, count: p)
            features = Array((0..<p).map { _ in feature }.joined())
        }
    }

    /// The weighted reprojection error (2 values) of a point seen by a camera, written once for
    /// every scalar type: `v` is the camera's 11 parameters, the point's 3 coordinates, the weight
    /// (an array, or a buffer reused across observations).
    public static func reprojectionError<T: Scalar, Variables: RandomAccessCollection<T>>(
        _ v: Variables, feature: (Double, Double)
    ) -> (T, T) where Variables.Index == Int {
        let rotation = (v[0], v[1], v[2])
        let offset = (v[11] - v[3], v[12] - v[4], v[13] - v[5])
        let rotated = rotate(offset, by: rotation)
        var x = rotated.0 / rotated.2, y = rotated.1 / rotated.2
        let rsq = x * x + y * y
        let distortion = 1 + v[9] * rsq + v[10] * rsq * rsq
        x = x * distortion
        y = y * distortion
        let w = v[14]
        return (w * (x * v[6] + v[7] - T(feature.0)), w * (y * v[6] + v[8] - T(feature.1)))
    }

    /// Rodrigues' rotation of `p` by the axis-angle vector `r` (first order when r = 0).
    @inline(__always)  // part of one observation's error: inlined, its tuples are not copied
    static func rotate<T: Scalar>(_ p: (T, T, T), by r: (T, T, T)) -> (T, T, T) {
        let squaredAngle = r.0 * r.0 + r.1 * r.1 + r.2 * r.2
        if squaredAngle != 0 {
            let angle = sqrt(squaredAngle)
            let c = cos(angle), s = sin(angle), inverse = 1 / angle
            let w = (r.0 * inverse, r.1 * inverse, r.2 * inverse)
            let cross = (w.1 * p.2 - w.2 * p.1, w.2 * p.0 - w.0 * p.2, w.0 * p.1 - w.1 * p.0)
            let along = (w.0 * p.0 + w.1 * p.1 + w.2 * p.2) * (1 - c)
            return (p.0 * c + cross.0 * s + w.0 * along, p.1 * c + cross.1 * s + w.1 * along,
                    p.2 * c + cross.2 * s + w.2 * along)
        }
        let cross = (r.1 * p.2 - r.2 * p.1, r.2 * p.0 - r.0 * p.2, r.0 * p.1 - r.1 * p.0)
        return (p.0 + cross.0, p.1 + cross.1, p.2 + cross.2)
    }

    /// The Zach weight error 1 − w².
    public static func weightError<T: Scalar>(_ w: T) -> T { 1 - w * w }

    /// Fills `v` (15 entries) with the variables of observation i: its camera, point and weight.
    static func variables(_ problem: Problem, _ i: Int, into v: inout [Double]) {
        let camera = (i % problem.n) * cameraCount, point = (i % problem.m) * 3
        for j in 0..<cameraCount { v[j] = problem.cameras[camera + j] }
        for j in 0..<3 { v[cameraCount + j] = problem.points[point + j] }
        v[cameraCount + 3] = problem.weights[i]
    }

    /// All reprojection errors (2p) and weight errors (p).
    public static func objective(_ problem: Problem) -> (reprojection: [Double], weight: [Double]) {
        var reprojection = [Double](repeating: 0, count: 2 * problem.p)
        var weight = [Double](repeating: 0, count: problem.p)
        var v = [Double](repeating: 0, count: cameraCount + 4)
        for i in 0..<problem.p {
            variables(problem, i, into: &v)
            let e = reprojectionError(v, feature: (problem.features[2 * i], problem.features[2 * i + 1]))
            (reprojection[2 * i], reprojection[2 * i + 1]) = e
            weight[i] = weightError(problem.weights[i])
        }
        return (reprojection, weight)
    }

    /// The sparse Jacobian in compressed-row form as gradbench's C++ `SparseMat` builds it: per
    /// observation two rows of 15 entries (camera, point, weight), then one row per weight.
    public struct SparseJacobian: Equatable, Sendable {
        /// Row starts (3p + 1).
        public var rows: [Int] = [0]
        /// Column of each entry.
        public var cols: [Int] = []
        /// Value of each entry.
        public var vals: [Double] = []
    }

    /// The tangent of one observation's vector forward pass: one lane per variable (15 of 16 used).
    typealias BlockTangent = SIMD16<Double>

    /// The Jacobian by vector forward mode: per observation one pass on `VectorDual` with its 15
    /// variables seeded along lanes 0–14 gives both rows of its 2×15 block. The 15 seeded inputs live
    /// in one buffer reused across observations (only their values change), so the loop allocates
    /// nothing.
    public static func jacobian(_ problem: Problem) -> SparseJacobian {
        let blockWidth = cameraCount + 3 + 1
        let p = problem.p, reprojectionEntries = 2 * blockWidth * p
        let pointColumns = cameraCount * problem.n, weightColumns = pointColumns + 3 * problem.m
        let (cameras, points, weights, features) = (problem.cameras, problem.points, problem.weights, problem.features)
        let v = UnsafeMutableBufferPointer<VectorDual<BlockTangent>>.allocate(capacity: blockWidth)
        defer { v.deallocate() }
        for j in 0..<blockWidth { (v.baseAddress! + j).initialize(to: VectorDual(0, direction: j)) }
        // Every entry of the three lists is written below, so they start uninitialized.
        var cols: [Int] = [], vals: [Double] = []
        let rows = [Int](unsafeUninitializedCapacity: 3 * p + 1) { rows, rowCount in
            cols = [Int](unsafeUninitializedCapacity: reprojectionEntries + p) { cols, colCount in
                vals = [Double](unsafeUninitializedCapacity: reprojectionEntries + p) { vals, valCount in
                    rows[0] = 0
                    for i in 0..<p {
                        let camera = i % problem.n, point = i % problem.m
                        for j in 0..<cameraCount { v[j].value = cameras[cameraCount * camera + j] }
                        for j in 0..<3 { v[cameraCount + j].value = points[3 * point + j] }
                        v[cameraCount + 3].value = weights[i]
                        let e = reprojectionError(UnsafeBufferPointer(v), feature: (features[2 * i], features[2 * i + 1]))
                        for r in 0..<2 {
                            let tangent = r == 0 ? e.0.tangent : e.1.tangent
                            let start = (2 * i + r) * blockWidth
                            rows[2 * i + r + 1] = start + blockWidth
                            for j in 0..<cameraCount { cols[start + j] = cameraCount * camera + j }
                            for j in 0..<3 { cols[start + cameraCount + j] = pointColumns + 3 * point + j }
                            cols[start + cameraCount + 3] = weightColumns + i
                            for j in 0..<blockWidth { vals[start + j] = tangent[j] }
                        }
                    }
                    for i in 0..<p {
                        rows[2 * p + i + 1] = reprojectionEntries + i + 1
                        cols[reprojectionEntries + i] = weightColumns + i
                        vals[reprojectionEntries + i] = derivative(at: weights[i], of: weightError)
                    }
                    valCount = reprojectionEntries + p
                }
                colCount = reprojectionEntries + p
            }
            rowCount = 3 * p + 1
        }
        return SparseJacobian(rows: rows, cols: cols, vals: vals)
    }

    /// The eval's abbreviated output: the first 30 entries of each list and the last one.
    static func abbreviated<E>(_ list: [E]) -> [E] {
        Array(list.prefix(30)) + (list.last.map { [$0] } ?? [])
    }

    /// Decodes `{n, m, p, cam, x, w, feat}`.
    public static func prepare(function: String, input: JSONValue) throws -> PreparedEvaluation {
        let problem = Problem(
            n: try input.int("n", minimum: 1), m: try input.int("m", minimum: 1), p: try input.int("p", minimum: 1),
            camera: try input.doubles("cam", count: cameraCount), point: try input.doubles("x", count: 3),
            weight: try input.double("w"), feature: try input.doubles("feat", count: 2))
        if function == "objective" {
            return PreparedEvaluation({ objective(problem) }) { result in
                .object([
                    "reproj_error": .object([
                        "elements": .numbers(Array(result.reprojection.prefix(2))),
                        "repeated": .number(Double(result.reprojection.count / 2)),
                    ]),
                    "w_err": .object(["element": .number(result.weight[0]), "repeated": .number(Double(result.weight.count))]),
                ])
            }
        }
        return PreparedEvaluation({ jacobian(problem) }) { j in
            .object([
                "rows": .numbers(abbreviated(j.rows).map(Double.init)),
                "cols": .numbers(abbreviated(j.cols).map(Double.init)),
                "vals": .numbers(abbreviated(j.vals)),
            ])
        }
    }
}
