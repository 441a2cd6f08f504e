import AutoDiff

/// The `ba` eval: bundle adjustment's reprojection errors (Rodrigues rotation, radial distortion)
/// and Zach weight errors for p observations of m points by n cameras, and their sparse Jacobian.
///
/// The input carries one camera, one point, one weight and one feature, which the tool duplicates
/// (camera i mod n, point i mod m for observation i) and must not exploit. Each observation's
/// 2×15 Jacobian block (11 camera parameters, 3 point coordinates, 1 weight) is computed in reverse
/// mode by the adjoint code `@ReverseGradient` compiles from `reprojection`: one forward pass and
/// one reverse pass per row, no tape.
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
    /// every scalar type: the camera's rotation (axis-angle r), center c, focal length, principal
    /// point and radial distortion (k₁, k₂), the point x, the weight w and the observed feature.
    /// Rodrigues' rotation, first order when r = 0. `reprojectionJacobian` is compiled from this body.
    @ReverseGradient(wrt: "r0", "r1", "r2", "c0", "c1", "c2", "focal", "u0", "v0", "k1", "k2", "x0", "x1", "x2", "w")
    @inline(__always)
    public static func reprojection<T: Scalar>(
        r0: T, r1: T, r2: T, c0: T, c1: T, c2: T, focal: T, u0: T, v0: T, k1: T, k2: T,
        x0: T, x1: T, x2: T, w: T, feature0: T, feature1: T
    ) -> (T, T) {
        let p0 = x0 - c0, p1 = x1 - c1, p2 = x2 - c2
        let squaredAngle = r0 * r0 + r1 * r1 + r2 * r2
        var q0 = p0, q1 = p1, q2 = p2
        if squaredAngle != 0 {
            let angle = sqrt(squaredAngle)
            let c = cos(angle), s = sin(angle), inverse = 1 / angle
            let a0 = r0 * inverse, a1 = r1 * inverse, a2 = r2 * inverse
            let cross0 = a1 * p2 - a2 * p1, cross1 = a2 * p0 - a0 * p2, cross2 = a0 * p1 - a1 * p0
            let along = (a0 * p0 + a1 * p1 + a2 * p2) * (1 - c)
            q0 = p0 * c + cross0 * s + a0 * along
            q1 = p1 * c + cross1 * s + a1 * along
            q2 = p2 * c + cross2 * s + a2 * along
        } else {
            q0 = p0 + (r1 * p2 - r2 * p1)
            q1 = p1 + (r2 * p0 - r0 * p2)
            q2 = p2 + (r0 * p1 - r1 * p0)
        }
        let x = q0 / q2, y = q1 / q2
        let rsq = x * x + y * y
        let distortion = 1 + k1 * rsq + k2 * rsq * rsq
        let dx = x * distortion, dy = y * distortion
        return (w * (dx * focal + u0 - feature0), w * (dy * focal + v0 - feature1))
    }

    /// `reprojection` of the 15 variables in order (camera, point, weight), e.g. tracked values.
    public static func reprojectionError<T: Scalar, Variables: RandomAccessCollection<T>>(
        _ v: Variables, feature: (Double, Double)
    ) -> (T, T) where Variables.Index == Int {
        reprojection(r0: v[0], r1: v[1], r2: v[2], c0: v[3], c1: v[4], c2: v[5], focal: v[6], u0: v[7], v0: v[8],
                     k1: v[9], k2: v[10], x0: v[11], x1: v[12], x2: v[13], w: v[14],
                     feature0: T(feature.0), feature1: T(feature.1))
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
        var result: (reprojection: [Double], weight: [Double]) = ([], [])
        objective(problem, into: &result)
        return result
    }

    /// `objective(_:)` into `result`'s arrays, reusing their storage.
    public static func objective(_ problem: Problem, into result: inout (reprojection: [Double], weight: [Double])) {
        resize(&result.reprojection, to: 2 * problem.p)
        resize(&result.weight, to: problem.p)
        var v = [Double](repeating: 0, count: cameraCount + 4)
        for i in 0..<problem.p {
            variables(problem, i, into: &v)
            let e = reprojectionError(v, feature: (problem.features[2 * i], problem.features[2 * i + 1]))
            (result.reprojection[2 * i], result.reprojection[2 * i + 1]) = e
            result.weight[i] = weightError(problem.weights[i])
        }
    }

    /// Gives `list` exactly `count` elements, keeping its storage when it is the right size.
    static func resize<E: Numeric>(_ list: inout [E], to count: Int) {
        if list.count != count { list = [E](repeating: 0, count: count) }
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

    /// The Jacobian: per observation one call of the compiled `reprojectionJacobian` gives both
    /// rows of its 2×15 block; then one row per weight.
    public static func jacobian(_ problem: Problem) -> SparseJacobian {
        var result = SparseJacobian()
        jacobian(problem, into: &result)
        return result
    }

    /// `jacobian(_:)` into `result`'s lists, reusing their storage.
    public static func jacobian(_ problem: Problem, into result: inout SparseJacobian) {
        let blockWidth = cameraCount + 3 + 1
        let p = problem.p, reprojectionEntries = 2 * blockWidth * p
        let pointColumns = cameraCount * problem.n, weightColumns = pointColumns + 3 * problem.m
        let (cameras, points, weights, features) = (problem.cameras, problem.points, problem.weights, problem.features)
        resize(&result.rows, to: 3 * p + 1)
        resize(&result.cols, to: reprojectionEntries + p)
        resize(&result.vals, to: reprojectionEntries + p)
        result.rows.withUnsafeMutableBufferPointer { rows in
            result.cols.withUnsafeMutableBufferPointer { cols in
                result.vals.withUnsafeMutableBufferPointer { vals in
                    rows[0] = 0
                    for i in 0..<p {
                        let camera = i % problem.n, point = i % problem.m
                        let k = cameraCount * camera, x = 3 * point
                        let block = reprojectionJacobian(
                            r0: cameras[k], r1: cameras[k + 1], r2: cameras[k + 2], c0: cameras[k + 3], c1: cameras[k + 4],
                            c2: cameras[k + 5], focal: cameras[k + 6], u0: cameras[k + 7], v0: cameras[k + 8],
                            k1: cameras[k + 9], k2: cameras[k + 10], x0: points[x], x1: points[x + 1], x2: points[x + 2], w: weights[i],
                            feature0: features[2 * i], feature1: features[2 * i + 1]).jacobian
                        for r in 0..<2 {
                            let g = r == 0 ? block.0 : block.1
                            let start = (2 * i + r) * blockWidth
                            rows[2 * i + r + 1] = start + blockWidth
                            for j in 0..<cameraCount { cols[start + j] = cameraCount * camera + j }
                            for j in 0..<3 { cols[start + cameraCount + j] = pointColumns + 3 * point + j }
                            cols[start + cameraCount + 3] = weightColumns + i
                            let row = vals.baseAddress! + start
                            (row[0], row[1], row[2], row[3], row[4], row[5]) = (g.r0, g.r1, g.r2, g.c0, g.c1, g.c2)
                            (row[6], row[7], row[8], row[9], row[10]) = (g.focal, g.u0, g.v0, g.k1, g.k2)
                            (row[11], row[12], row[13], row[14]) = (g.x0, g.x1, g.x2, g.w)
                        }
                    }
                    for i in 0..<p {
                        rows[2 * p + i + 1] = reprojectionEntries + i + 1
                        cols[reprojectionEntries + i] = weightColumns + i
                        vals[reprojectionEntries + i] = derivative(at: weights[i], of: weightError)
                    }
                }
            }
        }
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
            return PreparedEvaluation(reusing: ([], []), { objective(problem, into: &$0) }) { result in
                .object([
                    "reproj_error": .object([
                        "elements": .numbers(Array(result.reprojection.prefix(2))),
                        "repeated": .number(Double(result.reprojection.count / 2)),
                    ]),
                    "w_err": .object(["element": .number(result.weight[0]), "repeated": .number(Double(result.weight.count))]),
                ])
            }
        }
        return PreparedEvaluation(reusing: SparseJacobian(), { jacobian(problem, into: &$0) }) { j in
            .object([
                "rows": .numbers(abbreviated(j.rows).map(Double.init)),
                "cols": .numbers(abbreviated(j.cols).map(Double.init)),
                "vals": .numbers(abbreviated(j.vals)),
            ])
        }
    }
}
