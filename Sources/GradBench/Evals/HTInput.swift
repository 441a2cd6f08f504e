// Decoding of the `ht` eval's input into an `HTEval.Problem`, with every index checked.

extension HTEval {
    /// Reads `{data: {model, correspondences, points}, us}` and keeps only the mesh vertices the
    /// residuals read.
    static func decodeProblem(_ input: JSONValue) throws -> Problem {
        let data = try input.field("data")
        let model = try data.field("model")
        guard let names = try model.field("bone_names").array else {
            throw GradBenchError.badField(field: "input.data.model.bone_names", expected: "an array of strings")
        }
        let bones = names.count
        guard bones + 3 >= poseColumnsUsed else {
            throw GradBenchError.badValue(field: "input.data.model.bone_names", reason: "needs at least \(poseColumnsUsed - 3) bones, has \(bones)")
        }
        let parents = try model.integers("parents", count: bones, in: -1..<bones)
        for (bone, parent) in parents.enumerated() where parent >= bone {
            throw GradBenchError.badValue(field: "input.data.model.parents[\(bone)]", reason: "must name an earlier bone or be -1, is \(parent)")
        }
        let relatives = try model.transforms("base_relatives", count: bones)
        let inverses = try model.transforms("inverse_base_absolutes", count: bones)
        let positions = try model.matrix("base_positions", columns: 4)
        let weights = try model.matrix("weights", columns: bones)
        guard weights.rows == positions.rows else {
            throw GradBenchError.badValue(field: "input.data.model.weights", reason: "must have one row per vertex (\(positions.rows)), has \(weights.rows)")
        }
        guard case .bool(let isMirrored) = try model.field("is_mirrored") else {
            throw GradBenchError.badField(field: "input.data.model.is_mirrored", expected: "a boolean")
        }
        let points = try data.matrix("points", columns: 3, minimumRows: 0)
        let correspondences = try data.integers("correspondences", count: points.rows, in: 0..<Int.max)

        let usValue = input["us"]
        let us = usValue?.array?.isEmpty ?? true ? (rows: 0, columns: 2, data: [Double]())
            : try input.matrix("us", columns: 2)
        let complicated = !us.data.isEmpty
        if complicated && us.rows != points.rows {
            throw GradBenchError.badValue(field: "input.us", reason: "must have one row per point (\(points.rows)), has \(us.rows)")
        }
        // The vertices each point reads: its correspondence, or its triangle's three.
        var pointVertices: [[Int]] = []
        if complicated {
            let triangles = try model.matrix("triangles", columns: 3)
            for (i, t) in correspondences.enumerated() {
                guard t < triangles.rows else {
                    throw GradBenchError.badValue(field: "input.data.correspondences[\(i)]", reason: "names triangle \(t) of \(triangles.rows)")
                }
                pointVertices.append(try (0..<3).map { k in
                    let v = triangles.data[3 * t + k]
                    guard v == v.rounded(), v >= 0, Int(v) < positions.rows else {
                        throw GradBenchError.badValue(field: "input.data.model.triangles[\(t)]", reason: "names a vertex outside 0..<\(positions.rows)")
                    }
                    return Int(v)
                })
            }
        } else {
            for (i, v) in correspondences.enumerated() {
                guard v < positions.rows else {
                    throw GradBenchError.badValue(field: "input.data.correspondences[\(i)]", reason: "names vertex \(v) of \(positions.rows)")
                }
                pointVertices.append([v])
            }
        }
        var slotOfVertex: [Int: Int] = [:]
        var used: [Int] = []
        let slots = pointVertices.flatMap { vertices in
            vertices.map { v in
                if let slot = slotOfVertex[v] { return slot }
                slotOfVertex[v] = used.count
                used.append(v)
                return used.count - 1
            }
        }
        return Problem(
            bones: bones, parents: parents, baseRelatives: relatives, inverseBaseAbsolutes: inverses,
            isMirrored: isMirrored, points: points.data, us: us.data,
            usedVertices: used.flatMap { positions.data[(4 * $0)..<(4 * $0 + 4)] },
            skinning: used.map { v in
                (0..<bones).compactMap { bone in
                    let w = weights.data[v * bones + bone]
                    return w == 0 ? nil : (bone, w)
                }
            },
            slots: slots)
    }
}

extension JSONValue {
    /// The member `key` as `count` integers in `range`.
    func integers(_ key: String, count: Int, in range: Range<Int>) throws -> [Int] {
        try doubles(key, count: count).enumerated().map { i, x in
            guard x == x.rounded(), x >= Double(range.lowerBound), x < Double(range.upperBound) else {
                throw GradBenchError.badValue(field: "input.\(key)[\(i)]", reason: "must be an integer in \(range.lowerBound)..<\(range.upperBound), is \(x)")
            }
            return Int(x)
        }
    }

    /// The member `key` as `count` 4×4 matrices (arrays of 4 rows), each flattened row-major.
    func transforms(_ key: String, count: Int) throws -> [[Double]] {
        guard let items = try field(key).array, items.count == count else {
            throw GradBenchError.badField(field: "input.\(key)", expected: "an array of \(count) 4×4 matrices")
        }
        return try items.enumerated().map { i, item in
            let m = try JSONValue.object(["m": item]).matrix("m", columns: 4)
            guard m.rows == 4 else {
                throw GradBenchError.badValue(field: "input.\(key)[\(i)]", reason: "must be 4×4, has \(m.rows) rows")
            }
            return m.data
        }
    }
}
