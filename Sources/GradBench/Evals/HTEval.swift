import AutoDiff

/// The `ht` eval (ADBench's hand tracking): the 3·npts residuals between observed points and a
/// skinned hand mesh posed by 26 parameters θ (global rotation, translation, finger angles), and
/// their Jacobian.
///
/// In the "complicated" variant each point also has barycentric coordinates u on a triangle of the
/// mesh; its Jacobian has two leading columns for ∂/∂uᵢ₀ and ∂/∂uᵢ₁ (row 3i + j depends only on
/// uᵢ, so one column per coordinate holds them all) followed by the 26 θ columns. The Jacobian is
/// tall, thin and sparse (a point on one finger does not move with the others), so it is computed
/// by compressed vector forward mode: θ columns that share no row share a lane, so one `VectorDual`
/// pass of 8 or 16 lanes holds them on the eval's hands (see `HTJacobian.swift`).
public enum HTEval: EvalModule {
    /// `"ht"`.
    public static let name = "ht"
    /// `objective` and `jacobian`.
    public static let functions = ["objective", "jacobian"]

    /// The number of pose parameters θ.
    static let thetaCount = 26
    /// Pose-parameter columns `to_pose_params` writes (3 global + 22 bone columns).
    static let poseColumnsUsed = 25

    /// The hand model and the observations, with the mesh vertices the residuals need.
    public struct Problem: Sendable {
        /// Bones; each bone's parent (−1 for a root, else an earlier bone).
        public let bones: Int, parents: [Int]
        /// Per bone, the base relative transform and the inverse base absolute transform (4×4,
        /// row-major).
        public let baseRelatives: [[Double]], inverseBaseAbsolutes: [[Double]]
        /// Whether the mesh is mirrored (x negated before the global transform).
        public let isMirrored: Bool
        /// The observed points (npts×3, row-major) and barycentric coordinates (npts×2, or empty
        /// for the simple variant).
        public let points: [Double], us: [Double]
        /// The vertices used, in homogeneous coordinates (4 each), and their skinning weights as
        /// (bone, weight) pairs with weight ≠ 0, in bone order.
        let usedVertices: [Double], skinning: [[(bone: Int, weight: Double)]]
        /// The slots in `usedVertices` each point reads, point after point: 1 per point in the
        /// simple variant, the triangle's 3 in the complicated one.
        let slots: [Int]

        /// The number of observed points.
        public var pointCount: Int { points.count / 3 }
        /// Whether this is the complicated variant (barycentric coordinates given).
        public var isComplicated: Bool { !us.isEmpty }
    }

    /// The residuals pointᵢ − model pointᵢ (row 3i + j), written once for every scalar type; `us`
    /// is empty for the simple variant.
    public static func objective<T: Scalar>(theta: [T], us: [T], _ p: Problem) -> [T] {
        let positions = posedVertices(theta: theta, p)
        var residuals = [T](repeating: 0, count: p.points.count)
        positions.withUnsafeBufferPointer { positions in
            for i in 0..<p.pointCount {
                (residuals[3 * i], residuals[3 * i + 1], residuals[3 * i + 2]) = us.isEmpty
                    ? residual(i, positions: positions, p)
                    : residual(i, u: (us[2 * i], us[2 * i + 1]), positions: positions, p)
            }
        }
        return residuals
    }

    /// The skinned, globally posed mesh vertices the residuals read (3 coordinates per used vertex,
    /// in `usedVertices` order).
    static func posedVertices<T: Scalar>(theta: [T], _ p: Problem) -> [T] {
        [T](unsafeUninitializedCapacity: 3 * p.skinning.count) { positions, count in
            posedVertices(theta: theta, p, into: positions)
            count = positions.count
        }
    }

    /// `posedVertices(theta:_:)` written into `positions` (uninitialized, 3 per used vertex), every
    /// element initialized: the forward passes pose straight into their own buffers.
    static func posedVertices<T: Scalar>(theta: [T], _ p: Problem, into positions: UnsafeMutableBufferPointer<T>) {
        let pose = poseParameters(theta, bones: p.bones)
        // The global rotation, its first column negated for a mirrored mesh (x is negated before
        // the rotation): folded into each bone's transform below, so each vertex needs no
        // rotation of its own.
        var global = angleAxisRotation(pose[0])
        for column in 0..<3 { for row in 0..<3 { global[row * 3 + column] *= pose[1][column] } }
        if p.isMirrored { for row in 0..<3 { global[row * 3] = -global[row * 3] } }

        // Per bone, the global rotation times its skinning transform: 3 rows of 4, all bones in
        // one buffer, which the vertex loop reads through a pointer.
        var absolutes: [[T]] = []
        absolutes.reserveCapacity(p.bones)
        var transforms: [T] = []
        transforms.reserveCapacity(12 * p.bones)
        for bone in 0..<p.bones {
            let rotation = eulerRotation(pose[bone + 3])
            let relative = posedRelative(p.baseRelatives[bone], rotation)
            let parent = p.parents[bone]
            let absolute = parent < 0 ? relative : multiply4(absolutes[parent], relative)
            absolutes.append(absolute)
            let skinning = multiply4(absolute, constant: p.inverseBaseAbsolutes[bone])
            for row in 0..<3 {
                for column in 0..<4 {
                    transforms.append(global[row * 3] * skinning[column] + global[row * 3 + 1] * skinning[4 + column]
                        + global[row * 3 + 2] * skinning[8 + column])
                }
            }
        }

        transforms.withUnsafeBufferPointer { transforms in
            for v in 0..<p.skinning.count {
                var posed: (T, T, T) = (pose[2][0], pose[2][1], pose[2][2])
                let base = (p.usedVertices[4 * v], p.usedVertices[4 * v + 1], p.usedVertices[4 * v + 2], p.usedVertices[4 * v + 3])
                for (bone, weight) in p.skinning[v] {
                    /// Row `row` of the bone's transform applied to the (constant) base vertex.
                    @inline(__always) func transformed(row: Int) -> T {
                        let m = 12 * bone + 4 * row
                        return transforms[m].scaled(by: base.0) + transforms[m + 1].scaled(by: base.1)
                            + transforms[m + 2].scaled(by: base.2) + transforms[m + 3].scaled(by: base.3)
                    }
                    posed.0 += transformed(row: 0).scaled(by: weight)
                    posed.1 += transformed(row: 1).scaled(by: weight)
                    posed.2 += transformed(row: 2).scaled(by: weight)
                }
                positions.initializeElement(at: 3 * v, to: posed.0)
                positions.initializeElement(at: 3 * v + 1, to: posed.1)
                positions.initializeElement(at: 3 * v + 2, to: posed.2)
            }
        }
    }

    /// Residual i of the complicated variant (its 3 coordinates): the observed point minus the
    /// barycentric combination u₀·A + u₁·B + (1 − u₀ − u₁)·C of its triangle's posed vertices.
    @inline(__always)  // one point's few operations: inlined, `u` and the result are not copied
    static func residual<T: Scalar>(_ i: Int, u: (T, T), positions: UnsafeBufferPointer<T>, _ p: Problem) -> (T, T, T) {
        let (a, b, c) = (3 * p.slots[3 * i], 3 * p.slots[3 * i + 1], 3 * p.slots[3 * i + 2])
        let (u0, u1) = u
        let w = 1 - u0 - u1
        return (T(p.points[3 * i]) - (u0 * positions[a] + u1 * positions[b] + w * positions[c]),
                T(p.points[3 * i + 1]) - (u0 * positions[a + 1] + u1 * positions[b + 1] + w * positions[c + 1]),
                T(p.points[3 * i + 2]) - (u0 * positions[a + 2] + u1 * positions[b + 2] + w * positions[c + 2]))
    }

    /// Residual i of the simple variant: the observed point minus its corresponding posed vertex.
    @inline(__always)
    static func residual<T: Scalar>(_ i: Int, positions: UnsafeBufferPointer<T>, _ p: Problem) -> (T, T, T) {
        let a = 3 * p.slots[i]
        return (T(p.points[3 * i]) - positions[a], T(p.points[3 * i + 1]) - positions[a + 1],
                T(p.points[3 * i + 2]) - positions[a + 2])
    }

    /// The 3×(bones + 3) pose matrix as columns: global rotation, scale (1), global translation,
    /// then one column of Euler angles per bone, filled from θ finger by finger.
    static func poseParameters<T: Scalar>(_ theta: [T], bones: Int) -> [[T]] {
        var pose = [[T]](repeating: [0, 0, 0], count: bones + 3)
        pose[0] = Array(theta[0..<3])
        pose[1] = [1, 1, 1]
        pose[2] = Array(theta[3..<6])
        var index = 6, column = 5
        for _ in 0..<5 {
            for joint in 2...4 {
                pose[column][0] = theta[index]
                index += 1
                if joint == 2 {
                    pose[column][1] = theta[index]
                    index += 1
                }
                column += 1
            }
            column += 1
        }
        return pose
    }

    /// Rz·Ry·Rx (row-major 3×3) for angles stored in the order x, z, y, multiplied out (the
    /// products' zero entries left out, the rest in the order the matrix product takes them).
    static func eulerRotation<T: Scalar>(_ xzy: [T]) -> [T] {
        let (cx, sx) = (cos(xzy[0]), sin(xzy[0]))
        let (cy, sy) = (cos(xzy[2]), sin(xzy[2]))
        let (cz, sz) = (cos(xzy[1]), sin(xzy[1]))
        let (czsy, szsy) = (cz * sy, sz * sy)
        return [
            cz * cy, -sz * cx + czsy * sx, -sz * -sx + czsy * cx,
            sz * cy, cz * cx + szsy * sx, cz * -sx + szsy * cx,
            -sy, cy * sx, cy * cx,
        ]
    }

    /// The rotation matrix (row-major 3×3) of an angle-axis vector (identity below norm 10⁻⁴).
    static func angleAxisRotation<T: Scalar>(_ axis: [T]) -> [T] {
        let norm = sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2])
        if norm.doubleValue < 0.0001 { return [1, 0, 0, 0, 1, 0, 0, 0, 1] }
        let (x, y, z) = (axis[0] / norm, axis[1] / norm, axis[2] / norm)
        let (s, c) = (sin(norm), cos(norm))
        return [
            x * x + (1 - x * x) * c, x * y * (1 - c) - z * s, x * z * (1 - c) + y * s,
            x * y * (1 - c) + z * s, y * y + (1 - y * y) * c, y * z * (1 - c) - x * s,
            x * z * (1 - c) - y * s, z * y * (1 - c) + x * s, z * z + (1 - z * z) * c,
        ]
    }

    /// base · [[R, 0], [0, 1]] for a constant 4×4 `base` and a 3×3 rotation.
    static func posedRelative<T: Scalar>(_ base: [Double], _ r: [T]) -> [T] {
        var out = [T](repeating: 0, count: 16)
        for row in 0..<4 {
            for column in 0..<3 {
                out[row * 4 + column] = r[column].scaled(by: base[row * 4]) + r[3 + column].scaled(by: base[row * 4 + 1])
                    + r[6 + column].scaled(by: base[row * 4 + 2])
            }
            out[row * 4 + 3] = T(base[row * 4 + 3])
        }
        return out
    }

    /// The product of two row-major n×n matrices.
    static func multiply<T: Scalar>(_ a: [T], _ b: [T], n: Int) -> [T] {
        var out = [T](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var sum = a[i * n] * b[j]
                for k in 1..<n { sum += a[i * n + k] * b[k * n + j] }
                out[i * n + j] = sum
            }
        }
        return out
    }

    static func multiply4<T: Scalar>(_ a: [T], _ b: [T]) -> [T] { multiply(a, b, n: 4) }

    /// The product of a row-major 4×4 matrix and a constant one. (`multiply(_:_:n:)` with the
    /// product passed in as a closure made ht's derivative 1.5–1.7× slower, so it stays separate.)
    static func multiply4<T: Scalar>(_ a: [T], constant b: [Double]) -> [T] {
        var out = [T](repeating: 0, count: 16)
        for i in 0..<4 {
            for j in 0..<4 {
                var sum = a[i * 4].scaled(by: b[j])
                for k in 1..<4 { sum += a[i * 4 + k].scaled(by: b[k * 4 + j]) }
                out[i * 4 + j] = sum
            }
        }
        return out
    }

    /// Decodes `{theta, data: {model, correspondences, points}, us}`.
    public static func prepare(function: String, input: JSONValue) throws -> PreparedEvaluation {
        let theta = try input.doubles("theta", count: thetaCount)
        let problem = try decodeProblem(input)
        if function == "objective" {
            return .vector { objective(theta: theta, us: problem.us, problem) }
        }
        // The sparsity of the residuals in θ, traced once per input (like a compilation): each run
        // then seeds the θ columns by their colors.
        let plan = try JacobianPlan(theta: theta, problem)
        return PreparedEvaluation(reusing: (columns: 0, values: [Double]()), { flatJacobian(theta: theta, problem, plan: plan, into: &$0) }) { jacobian in
            .array(stride(from: 0, to: jacobian.values.count, by: max(jacobian.columns, 1)).map {
                .numbers(Array(jacobian.values[$0..<($0 + jacobian.columns)]))
            })
        }
    }
}
