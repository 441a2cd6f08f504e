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

@Test func baRotationByZeroIsTheFirstOrderFormula() {
    let p = (1.0, 2.0, 3.0)
    let rotated = BAEval.rotate(p, by: (0.0, 0.0, 0.0))
    #expect(rotated == p)
    // A quarter turn about z maps (1, 0, 0) to (0, 1, 0).
    let turned = BAEval.rotate((1.0, 0.0, 0.0), by: (0.0, 0.0, Double.pi / 2))
    #expect(abs(turned.0) < 1e-15 && abs(turned.1 - 1) < 1e-15 && abs(turned.2) < 1e-15)
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
