import AutoDiff
import Foundation
import Testing
@testable import GradBench

private func decode(_ text: String) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}

/// The complicated ht input: the simple one with `htComplicatedChanges` applied.
private func htComplicatedInput() throws -> JSONValue {
    guard case .object(var input) = try decode(htSimpleTestInput), case .object(var data) = input["data"],
          case .object(var model) = data["model"] else { throw GradBenchError.malformed("test input") }
    let changes = try decode(htComplicatedChanges)
    model["is_mirrored"] = changes["is_mirrored"]
    data["model"] = .object(model)
    data["correspondences"] = changes["correspondences"]
    input["data"] = .object(data)
    input["us"] = changes["us"]
    return .object(input)
}

@Test func lstmObjectiveAndGradientMatchTheHandWrittenCppTool() throws {
    let input = try decode(lstmTestInput)
    let value = try evaluateOnce(LSTMEval.self, "objective", input).number
    #expect(abs((value ?? .nan) - 0.918068634568701) < 1e-13)
    let gradient = try evaluateOnce(LSTMEval.self, "jacobian", input).array?.compactMap(\.number) ?? []
    #expect(gradient.count == 57)  // 8·l·b + 3·b
    // Entries of the manual tool's gradient: main parameters, then extra parameters.
    for (index, expected) in [(0, -0.0002457975898260039), (25, 0.0027415341886585522),
                              (48, -0.00012745532444564437), (56, -0.0402362264180863)] where index < gradient.count {
        #expect(gradbenchDifference(gradient[index], expected) < 1e-12)
    }
}

@Test func lstmReverseGradientMatchesForwardMode() {
    var numbers = TestNumbers(seed: 11)
    let (l, b, c) = (2, 4, 6)
    let problem = LSTMEval.Problem(l: l, b: b, state: numbers.vector(2 * l * b),
                                   sequence: numbers.vector(c * b).map { $0 < 0.5 ? 0 : 1 })
    let parameters = numbers.vector(problem.parameterCount)
    let reverse = gradient(at: parameters) { LSTMEval.objective($0, problem) }
    let forward = forwardGradient(at: parameters) { LSTMEval.objective($0, problem) }
    #expect(agree(reverse, forward, tolerance: 1e-13))
    #expect(agree(reverse, finiteDifferenceGradient(parameters) { LSTMEval.objective($0, problem) }, tolerance: 1e-8))
}

@Test func htObjectivesMatchTheHandWrittenCppTool() throws {
    let simple = try evaluateOnce(HTEval.self, "objective", try decode(htSimpleTestInput)).array?.compactMap(\.number) ?? []
    let expectedSimple = [3.3781902771031107, -1.4380225874834944, 2.3686026586929536, 3.571258034484331,
                          -5.069915909075971, 3.358680565623046, 3.2806621685131097, -0.9759064132232583,
                          2.6274688026470208, 1.3955963193143472, -2.870314109373307, 0.5962300334686499]
    #expect(agree(simple, expectedSimple, tolerance: 1e-13))
    let complicated = try evaluateOnce(HTEval.self, "objective", try htComplicatedInput()).array?.compactMap(\.number) ?? []
    let expectedComplicated = [-2.2216085029659163, -1.583206585470423, 0.48942979577652007, -3.2650546918010304,
                               -0.6489156406122003, 1.4928630651083392, -1.478663422067534, -1.458630971105245,
                               0.40897686887200113, -1.9850033213008316, -1.0784645955339407, 0.5654038098891909]
    #expect(agree(complicated, expectedComplicated, tolerance: 1e-13))
}

@Test func htForwardJacobianMatchesReverseModeAndFiniteDifferences() throws {
    for input in [try decode(htSimpleTestInput), try htComplicatedInput()] {
        let problem = try HTEval.decodeProblem(input)
        let theta = try input.doubles("theta", count: 26)
        let forward = try HTEval.jacobian(theta: theta, problem)
        let leading = problem.isComplicated ? 2 : 0
        #expect(forward.count == 12 && forward.allSatisfy { $0.count == leading + 26 })
        // θ columns by reverse mode (one sweep per residual).
        let reverse = try jacobian(at: theta) { HTEval.objective(theta: $0, us: problem.us.map { Reverse(constant: $0) }, problem) }
        for r in 0..<12 { #expect(agree(Array(forward[r][leading...]), reverse[r], tolerance: 1e-12)) }
        // The u columns: residual 3i + j depends on uᵢ only, so ∂/∂uᵢₖ is column k of row 3i + j.
        if problem.isComplicated {
            let full = finiteDifferenceJacobian(problem.us) { HTEval.objective(theta: theta, us: $0, problem) }
            for r in 0..<12 {
                let i = r / 3
                #expect(abs(forward[r][0] - full[r][2 * i]) < 1e-7 && abs(forward[r][1] - full[r][2 * i + 1]) < 1e-7)
            }
        }
    }
}

/// Central finite differences of a vector function (rows are outputs).
private func finiteDifferenceJacobian(_ x: [Double], h: Double = 1e-6, _ f: ([Double]) -> [Double]) -> [[Double]] {
    let columns = x.indices.map { i -> [Double] in
        var up = x, down = x
        up[i] += h
        down[i] -= h
        return zip(f(up), f(down)).map { ($0 - $1) / (2 * h) }
    }
    return (0..<(columns.first?.count ?? 0)).map { r in columns.map { $0[r] } }
}

@Test func htRejectsAModelWithTooFewBones() throws {
    guard case .object(var input) = try decode(htSimpleTestInput), case .object(var data) = input["data"],
          case .object(var model) = data["model"] else { return }
    model["bone_names"] = .array([.string("wrist")])
    data["model"] = .object(model)
    input["data"] = .object(data)
    #expect(throws: GradBenchError.self) { try HTEval.prepare(function: "objective", input: .object(input)) }
}

@Test func htCompressedJacobianIsTheSameAtEveryWidthAndEqualsDualPasses() throws {
    for input in [try decode(htSimpleTestInput), try htComplicatedInput()] {
        let problem = try HTEval.decodeProblem(input)
        let theta = try input.doubles("theta", count: 26)
        let plan = try HTEval.JacobianPlan(theta: theta, problem)
        // Compressed: row 3i + j reads translation θ₃₊ⱼ only, so the three translations share a
        // color (these test models skin every vertex with many bones, so few other columns do).
        #expect(plan.colorCount < 26 && plan.colors[3] == plan.colors[4] && plan.colors[4] == plan.colors[5])
        #expect(plan.patternOfPoint.count == 4 && plan.pointPatterns.count <= 4)
        // Row j of a point reads its own translation θ₃₊ⱼ and no other row's.
        #expect(plan.pointPatterns.allSatisfy { rows in
            rows.count == 3 && rows.enumerated().allSatisfy { j, columns in (0..<3).allSatisfy { columns.contains(3 + $0) == ($0 == j) } }
        })
        let sixteen = try HTEval.flatJacobian(theta: theta, problem)
        // Passes of 4 and of 8 lanes (several colors per pass, the last pass partly used) give the
        // same entries.
        #expect(try HTEval.flatJacobian(theta: theta, problem, width: SIMD4<Double>.self) == sixteen)
        #expect(try HTEval.flatJacobian(theta: theta, problem, width: SIMD8<Double>.self) == sixteen)
        // Written over a previous result (as the evaluate loop does), of the same size or not.
        var reused: (columns: Int, values: [Double]) = (3, [1, 2, 3])
        for _ in 0..<2 {
            HTEval.flatJacobian(theta: theta, problem, plan: plan, into: &reused)
            #expect(reused == sixteen)
        }
        // θ columns against one `Dual` pass per column through the whole objective.
        let leading = problem.isComplicated ? 2 : 0
        let dual = forwardJacobian(at: theta) { HTEval.objective(theta: $0, us: problem.us.map { Dual(constant: $0) }, problem) }
        #expect(sixteen.columns == leading + 26)
        for r in 0..<12 {
            let row = Array(sixteen.values[(r * sixteen.columns + leading)..<((r + 1) * sixteen.columns)])
            #expect(agree(row, dual[r], tolerance: 1e-13))
        }
    }
}
