import AutoDiff
import Tensors
import Testing
@testable import GradBench

@Test func odeTensorGradientIsExactForFourComponents() throws {
    // n = 4: RK4 integrates the degree-4 polynomial solution exactly, y₃(2) = x₀x₁x₂x₃ · 2⁴/4!.
    let x = [0.5, 1.5, -2.0, 0.75]
    let product = x.reduce(1, *)
    let closed = x.indices.map { i in product / x[i] * 16 / 24 }
    #expect(agree(try ODEEval.tensorGradient(x, steps: 3), closed, tolerance: 1e-12))
}

@Test(arguments: [1, 3, 7])
func odeTensorGradientMatchesTheScalarTapeForwardModeAndFiniteDifferences(steps: Int) throws {
    var numbers = TestNumbers(seed: 17)
    let x = numbers.vector(9).map { 2 * $0 - 0.5 }
    let tensor = try ODEEval.tensorGradient(x, steps: steps)
    let scalarTape = ODEEval.gradient(x, steps: steps)
    let forward = forwardGradient(at: x) { ODEEval.solve($0, steps: steps)[8] }
    let differences = finiteDifferenceGradient(x) { ODEEval.solve($0, steps: steps)[8] }
    #expect(agree(tensor, scalarTape, tolerance: 1e-12))
    #expect(agree(tensor, forward, tolerance: 1e-12))
    #expect(agree(tensor, differences, tolerance: 1e-7))
}

@Test func odeTensorStepIsTheScalarStep() throws {
    // The tensor path re-records the same arithmetic in the same order, so the states agree exactly.
    var numbers = TestNumbers(seed: 18)
    let x = numbers.vector(6), y = numbers.vector(6)
    var scalar = y
    var scratch = ODEEval.Scratch<Double>(count: 6)
    ODEEval.step(x[...], &scalar, h: 0.25, &scratch)
    let tensor = try ODEEval.tensorStep(Tensor(x).constant, Tensor(y).constant, h: 0.25)
    #expect(tensor.value.scalars == scalar)
}

@Test func odeGradientEvaluationUsesOneComponent() throws {
    // n = 1: y₀(2) = 2x₀, so the gradient is [2] whatever the step count.
    let output = try evaluateOnce(ODEEval.self, "gradient", .object(["x": .numbers([0.3]), "s": .number(5)]))
    let g = output.array?.compactMap(\.number) ?? []
    #expect(agree(g, [2], tolerance: 1e-15))
}
