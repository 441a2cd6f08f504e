import AutoDiff
import Testing
@testable import GradBench

/// The first observation's data of gradbench's ba1 file.
let baCamera = [-0.758453, -1.109613, -0.845551, 34.556073, 39.676747, 53.881673, 419.194514, 5.864426, -8.518870, 0.087812, 0.002739]
let baPoint = [7.203245, 0.001144, 3.023326]

@Test func baJacobianBlocksMatchDualAndReverseModeAndFiniteDifferences() {
    let problem = BAEval.Problem(n: 2, m: 3, p: 4, camera: baCamera, point: baPoint, weight: 0.417022, feature: [271.760969, 834.209256])
    let j = BAEval.jacobian(problem)
    #expect(j.rows.count == 3 * 4 + 1)
    #expect(j.vals.count == 2 * 15 * 4 + 4)
    let v = baCamera + baPoint + [0.417022]
    let feature = (271.760969, 834.209256)
    for row in 0..<2 {
        let forward = forwardGradient(at: v) { x in
            let e = BAEval.reprojectionError(x, feature: feature)
            return row == 0 ? e.0 : e.1
        }
        let numeric = finiteDifferenceGradient(v, h: 1e-6) { x in
            let e = BAEval.reprojectionError(x, feature: feature)
            return row == 0 ? e.0 : e.1
        }
        let reverse = gradient(at: v) { x in
            let e = BAEval.reprojectionError(x, feature: feature)
            return row == 0 ? e.0 : e.1
        }
        let block = Array(j.vals[(15 * row)..<(15 * row + 15)])
        #expect(agree(block, forward, tolerance: 1e-12))
        #expect(agree(block, reverse, tolerance: 1e-12))
        #expect(agree(block, numeric, tolerance: 1e-5))
    }
    // Observation 3 uses camera 1, point 0, weight 3; its weight rows end with ∂(1 − w²)/∂w = −2w.
    #expect(j.cols[3 * 30] == 11 * 1)
    #expect(j.cols[3 * 30 + 11] == 22 + 0)
    #expect(j.cols[3 * 30 + 14] == 22 + 9 + 3)
    #expect(abs(j.vals[j.vals.count - 1] + 2 * 0.417022) < 1e-15)
    #expect(j.rows.last == 2 * 15 * 4 + 4)
}

@Test func baCompiledJacobianEqualsTheTapesOnBothRotationPaths() throws {
    // The Jacobian's blocks come from the adjoint code @ReverseGradient compiles from
    // `reprojection`; at r = 0 it takes the first-order rotation. Both paths must give the tape's
    // Jacobian to the last bit.
    let feature = (271.760969, 834.209256)
    for camera in [baCamera, [0.0, 0.0, 0.0] + baCamera.dropFirst(3)] {
        let v = camera + baPoint + [0.417022]
        let compiled = BAEval.reprojectionJacobian(
            r0: v[0], r1: v[1], r2: v[2], c0: v[3], c1: v[4], c2: v[5], focal: v[6], u0: v[7], v0: v[8],
            k1: v[9], k2: v[10], x0: v[11], x1: v[12], x2: v[13], w: v[14], feature0: feature.0, feature1: feature.1)
        let tape = try jacobian(at: v) { x in
            let e = BAEval.reprojectionError(x, feature: feature)
            return [e.0, e.1]
        }
        for (row, g) in [compiled.jacobian.0, compiled.jacobian.1].enumerated() {
            let entries = [g.r0, g.r1, g.r2, g.c0, g.c1, g.c2, g.focal, g.u0, g.v0, g.k1, g.k2, g.x0, g.x1, g.x2, g.w]
            #expect(entries == tape[row])
        }
        let value = BAEval.reprojectionError(v, feature: feature)
        #expect(compiled.value.0 == value.0 && compiled.value.1 == value.1)
    }
    // At r = 0 the point is only translated: (x − c) projected.
    let centered = [0.0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 4, 8, 1]
    let e = BAEval.reprojectionError(centered, feature: (0.0, 0.0))
    #expect(e.0 == 0.25 && e.1 == 0.5)
}

@Test func baOutputsHaveTheGoldenShapes() throws {
    let input: JSONValue = .object([
        "n": .number(2), "m": .number(2), "p": .number(20), "cam": .numbers(baCamera), "x": .numbers(baPoint),
        "w": .number(0.5), "feat": .numbers([1, 2]),
    ])
    let objective = try evaluateOnce(BAEval.self, "objective", input)
    #expect(objective["reproj_error"]?["repeated"] == .number(20))
    #expect(objective["reproj_error"]?["elements"]?.array?.count == 2)
    #expect(objective["w_err"] == .object(["element": .number(0.75), "repeated": .number(20)]))
    let jacobian = try evaluateOnce(BAEval.self, "jacobian", input)
    for key in ["rows", "cols", "vals"] { #expect(jacobian[key]?.array?.count == 31, "\(key)") }
    let lastRow: JSONValue = .number(620)  // 2·15·20 entries of reprojection rows + 20 weight rows
    #expect(jacobian["rows"]?.array?.last == lastRow)
}

@Test func baResultsWrittenInPlaceEqualFreshOnes() {
    // The evaluate loop overwrites one result run after run; a result of another size is resized.
    let large = BAEval.Problem(n: 2, m: 3, p: 5, camera: baCamera, point: baPoint, weight: 0.417022, feature: [271.760969, 834.209256])
    let small = BAEval.Problem(n: 1, m: 2, p: 2, camera: baCamera, point: baPoint, weight: 0.3, feature: [1, 2])
    var jacobian = BAEval.SparseJacobian()
    var objective: (reprojection: [Double], weight: [Double]) = ([], [])
    for problem in [large, large, small] {
        BAEval.jacobian(problem, into: &jacobian)
        BAEval.objective(problem, into: &objective)
        #expect(jacobian == BAEval.jacobian(problem))
        #expect(objective.reprojection == BAEval.objective(problem).reprojection)
        #expect(objective.weight == BAEval.objective(problem).weight)
    }
}
