import AutoDiff
import Testing
@testable import GradBench

// Golden outputs published by gradbench's saddle and particle evals for their default inputs.
let saddleGolden = 8.246324826140356e-06
let particleGolden = 0.2071918746486116

@Test(arguments: ["ff", "fr", "rf", "rr"])
func saddleMatchesTheGoldenOutput(mode: String) throws {
    let output = try evaluateOnce(SaddleEval.self, mode, .object(["start": .numbers([1, 1])]))
    let values = (output.array ?? []).compactMap { $0.number }
    #expect(values.count == 4)
    for v in values { #expect(gradbenchDifference(v, saddleGolden) <= 1e-9) }
}

@Test(arguments: ["ff", "fr", "rf", "rr"])
func particleMatchesTheGoldenOutput(mode: String) throws {
    let output = try evaluateOnce(ParticleEval.self, mode, .object(["w": .number(0)]))
    let w = try #require(output.number)
    #expect(gradbenchDifference(w, particleGolden) <= 1e-9)
}

@Test func nestedGradientOfTheInnerMaximumMatchesFiniteDifferences() {
    // max over y of f(x, y) = ‖x‖² − ‖y‖² is ‖x‖² − ‖y*‖², y* ≈ 0; differentiating through the
    // inner ascent must give ≈ 2x in every mode combination.
    let cost = SaddleEval.MaxOverY<ReverseMode>(start: [1, 1])
    let x = [0.3, -0.2]
    let reverse = ReverseMode.gradient(of: cost, at: x)
    let forward = ForwardMode.gradient(of: SaddleEval.MaxOverY<ForwardMode>(start: [1, 1]), at: x)
    let numeric = finiteDifferenceGradient(x, h: 1e-4) { cost($0, lift: { $0 }) }
    #expect(agree(reverse, forward, tolerance: 1e-9))
    #expect(agree(reverse, numeric, tolerance: 1e-6))
    #expect(agree(reverse, [0.6, -0.4], tolerance: 1e-3))
}

@Test func particleMissGradientAgreesAcrossModesAndWithFiniteDifferences() {
    let w = [0.1]
    let rr = ReverseMode.gradient(of: ParticleEval.Miss<ReverseMode>(), at: w)
    let ff = ForwardMode.gradient(of: ParticleEval.Miss<ForwardMode>(), at: w)
    let rf = ReverseMode.gradient(of: ParticleEval.Miss<ForwardMode>(), at: w)
    let fr = ForwardMode.gradient(of: ParticleEval.Miss<ReverseMode>(), at: w)
    let miss = ParticleEval.Miss<ReverseMode>()
    let numeric = finiteDifferenceGradient(w, h: 1e-7) { miss($0, lift: { $0 }) }
    #expect(agree(rr, ff, tolerance: 1e-10) && agree(rr, rf, tolerance: 1e-10) && agree(rr, fr, tolerance: 1e-10))
    #expect(agree(rr, numeric, tolerance: 1e-5))
}
