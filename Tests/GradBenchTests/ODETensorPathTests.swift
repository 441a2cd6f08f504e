import AutoDiff
import Tensors
import Testing
@testable import GradBench

@Test func odeTensorGradientIsExactForFourComponents() throws {
    // n = 4: RK4 integrates the degree-4 polynomial solution exactly, y₃(2) = x₀x₁x₂x₃ · 2⁴/4!.
    let x = [0.5, 1.5, -2.0, 0.75]
    let product = x.reduce(1, *)
    let closed = x.indices.map { i in product / x[i] * 16 / 24 }
    for segment in 1...3 {
        #expect(agree(try ODEEval.tensorGradient(x, steps: 3, segment: segment), closed, tolerance: 1e-12))
    }
}

@Test(arguments: [1, 3, 7])
func odeTensorGradientMatchesTheScalarTapeForwardModeAndFiniteDifferences(steps: Int) throws {
    var numbers = TestNumbers(seed: 17)
    let x = numbers.vector(9).map { 2 * $0 - 0.5 }
    let scalarTape = ODEEval.gradient(x, steps: steps)
    let forward = forwardGradient(at: x) { ODEEval.solve($0, steps: steps)[8] }
    let differences = finiteDifferenceGradient(x) { ODEEval.solve($0, steps: steps)[8] }
    // Every segmentation: one step per tape, two, …, the whole solve on one tape.
    for segment in 1...steps {
        let tensor = try ODEEval.tensorGradient(x, steps: steps, segment: segment)
        #expect(agree(tensor, scalarTape, tolerance: 1e-12))
        #expect(agree(tensor, forward, tolerance: 1e-12))
        #expect(agree(tensor, differences, tolerance: 1e-7))
    }
    #expect(try ODEEval.tensorGradient(x, steps: steps) == ODEEval.tensorGradient(x, steps: steps, segment: steps))
}

@Test func odeTensorStepIsTheScalarStep() throws {
    // The tensor path re-records the same arithmetic in the same order, so the states agree exactly.
    var numbers = TestNumbers(seed: 18)
    let x = numbers.vector(6), y = numbers.vector(6)
    var scalar = y
    ODEEval.step(x[...], &scalar, h: 0.25)
    let tensor = try ODEEval.tensorStep(Tensor(x).constant, Tensor(y).constant, h: 0.25)
    #expect(tensor.value.scalars == scalar)
}

@Test(arguments: [(1, 1), (2, 3), (9, 4), (40, 7)])
func odeFusedSolveIsTheScalarSolve(shape: (Int, Int)) throws {
    // The fused primal evaluates the same stage bodies in the same order: equal to the last bit.
    var numbers = TestNumbers(seed: 21)
    let x = numbers.vector(shape.0).map { 2 * $0 - 0.5 }
    #expect(try ODEEval.fusedSolve(x, steps: shape.1) == ODEEval.solve(x, steps: shape.1))
    #expect(throws: GradBenchError.self) { try ODEEval.fusedSolve([], steps: 1) }
}

@Test func odeSegmentsFollowTheBudget() throws {
    #expect(ODEEval.segmentSteps(count: 1000, steps: 100) == 100)
    #expect(ODEEval.segmentSteps(count: 10000, steps: 100) == 100)
    #expect(ODEEval.segmentSteps(count: 30000, steps: 100) == ODEEval.segmentBudget / 30000)
    #expect(ODEEval.segmentSteps(count: 100_000, steps: 100) == 1)
    // A segment length that does not divide the steps: the last segment is shorter.
    var numbers = TestNumbers(seed: 19)
    let x = numbers.vector(7)
    #expect(agree(try ODEEval.tensorGradient(x, steps: 7, segment: 3), ODEEval.gradient(x, steps: 7), tolerance: 1e-12))
}

@Test(arguments: [1, 2, 3, 5])
func odeBlockedPullbackIsTheWholeVectorsForEveryBlockAndSegment(block: Int) throws {
    // Windows with halos of 4 components per step, overlapping blocks, segments of 1–3 steps.
    var numbers = TestNumbers(seed: 20)
    let x = numbers.vector(13).map { 2 * $0 - 0.5 }
    let steps = 5
    let reference = ODEEval.gradient(x, steps: steps)
    for segment in 1...3 {
        #expect(agree(try ODEEval.tensorGradient(x, steps: steps, segment: segment, block: block), reference, tolerance: 1e-12))
    }
}

@Test(arguments: [1, 4, 7])
func odeWindowsCutShorterThanTheVectorGiveTheWholeVectorPullback(block: Int) throws {
    // n = 40, 2 steps: halos of 8 components, so windows really cut the vectors; a dense random
    // cotangent makes every block count, and blocks of zero cotangent are skipped.
    var numbers = TestNumbers(seed: 22)
    let x = numbers.vector(40).map { 2 * $0 - 0.5 }
    var seed = numbers.vector(40)
    for i in 10..<20 { seed[i] = 0 }
    let whole = try ODEEval.blockedPullback(x, steps: 2, segment: 1, block: 40, cotangent: seed)
    let forward = forwardGradient(at: x) { v in
        zip(ODEEval.solve(v, steps: 2), seed).reduce(Dual<Double>(0)) { $0 + $1.0 * Dual(constant: $1.1) }
    }
    #expect(agree(whole, forward, tolerance: 1e-12))
    #expect(agree(try ODEEval.blockedPullback(x, steps: 2, segment: 1, block: block, cotangent: seed), whole, tolerance: 1e-12))
}

@Test func odeDefaultBlocksGiveTheWholeVectorPullback() throws {
    // Eight halos, at least 256 components.
    #expect(ODEEval.block(steps: 1) == 256)
    #expect(ODEEval.block(steps: 100) == 3200)
    // n = 1000, 3 steps: blocks of 256 with halos of 12; a dense cotangent makes every block count.
    var numbers = TestNumbers(seed: 23)
    let x = numbers.vector(1000).map { 2 * $0 - 0.5 }
    let seed = numbers.vector(1000)
    let blocked = try ODEEval.blockedPullback(x, steps: 3, segment: 3, block: ODEEval.block(steps: 3), cotangent: seed)
    let whole = try ODEEval.blockedPullback(x, steps: 3, segment: 3, block: 1000, cotangent: seed)
    #expect(agree(blocked, whole, tolerance: 1e-12))
    #expect(blocked.contains { $0 != 0 })
    // The eval's gradient, of y(2)₉₉₉: each Runge–Kutta step carries y(0) = 0's only source
    // (y₋₁ = 1 at component 0) four places on, so after 3 steps y₉₉₉ is 0 for every x and so is
    // its gradient; only the last block is pulled back, and it agrees with the scalar tape.
    let gradient = try ODEEval.tensorGradient(x, steps: 3)
    #expect(gradient.allSatisfy { $0 == 0 })
    #expect(agree(gradient, ODEEval.gradient(x, steps: 3), tolerance: 1e-12))
}

@Test func odeTensorGradientRejectsEmptyInputAndZeroSteps() {
    #expect(throws: GradBenchError.self) { try ODEEval.tensorGradient([], steps: 3) }
    #expect(throws: GradBenchError.self) { try ODEEval.tensorGradient([1, 2], steps: 0) }
}

@Test func odeGradientEvaluationUsesOneComponent() throws {
    // n = 1: y₀(2) = 2x₀, so the gradient is [2] whatever the step count.
    let output = try evaluateOnce(ODEEval.self, "gradient", .object(["x": .numbers([0.3]), "s": .number(5)]))
    let g = output.array?.compactMap(\.number) ?? []
    #expect(agree(g, [2], tolerance: 1e-15))
}
