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

/// The coordinates of a fixed-size point, as an array.
private func array<let n: Int>(_ v: InlineArray<n, Double>) -> [Double] { (0..<n).map { v[$0] } }

@Test func nestedGradientOfTheInnerMaximumMatchesFiniteDifferences() {
    // max over y of f(x, y) = ‖x‖² − ‖y‖² is ‖x‖² − ‖y*‖², y* ≈ 0; differentiating through the
    // inner ascent must give ≈ 2x in every mode combination.
    let cost = SaddleEval.MaxOverY<ReverseMode>(start: [1, 1])
    let x: InlineArray<2, Double> = [0.3, -0.2]
    let rr = array(ReverseMode.gradient(of: cost, at: x))
    let ff = array(ForwardMode.gradient(of: SaddleEval.MaxOverY<ForwardMode>(start: [1, 1]), at: x))
    let rf = array(ReverseMode.gradient(of: SaddleEval.MaxOverY<ForwardMode>(start: [1, 1]), at: x))
    let fr = array(ForwardMode.gradient(of: cost, at: x))
    let numeric = finiteDifferenceGradient(array(x), h: 1e-4) { p in cost(InlineArray<2, Double> { p[$0] }, lift: { $0 }) }
    #expect(agree(rr, ff, tolerance: 1e-9) && agree(rr, rf, tolerance: 1e-9) && agree(rr, fr, tolerance: 1e-9))
    #expect(agree(rr, numeric, tolerance: 1e-6))
    #expect(agree(rr, [0.6, -0.4], tolerance: 1e-3))
}

@Test func particleMissGradientAgreesAcrossModesAndWithFiniteDifferences() {
    let w: InlineArray<1, Double> = [0.1]
    let rr = array(ReverseMode.gradient(of: ParticleEval.Miss<ReverseMode>(), at: w))
    let ff = array(ForwardMode.gradient(of: ParticleEval.Miss<ForwardMode>(), at: w))
    let rf = array(ReverseMode.gradient(of: ParticleEval.Miss<ForwardMode>(), at: w))
    let fr = array(ForwardMode.gradient(of: ParticleEval.Miss<ReverseMode>(), at: w))
    let miss = ParticleEval.Miss<ReverseMode>()
    let numeric = finiteDifferenceGradient(array(w), h: 1e-7) { p in miss(InlineArray<1, Double> { p[$0] }, lift: { $0 }) }
    #expect(agree(rr, ff, tolerance: 1e-10) && agree(rr, rf, tolerance: 1e-10) && agree(rr, fr, tolerance: 1e-10))
    #expect(agree(rr, numeric, tolerance: 1e-5))
}

@Test func potentialGradientIsTheInverseSquareForceInBothModes() {
    // ∇ 1/‖x − c‖ = −(x − c)/‖x − c‖³, summed over the charges.
    let potential = ParticleEval.Potential<Double>(charges: [(10, 9.5), (10, 0)])
    let x: InlineArray<2, Double> = [1.5, 6]
    var expected = [0.0, 0.0]
    for (cx, cy) in [(10.0, 9.5), (10.0, 0.0)] {
        let dx = 1.5 - cx, dy = 6 - cy, r = (dx * dx + dy * dy).squareRoot()
        expected[0] -= dx / (r * r * r)
        expected[1] -= dy / (r * r * r)
    }
    #expect(agree(array(ForwardMode.gradient(of: potential, at: x)), expected, tolerance: 1e-14))
    #expect(agree(array(ReverseMode.gradient(of: potential, at: x)), expected, tolerance: 1e-14))
}

/// `f`'s gradient in `mode` ("reverse" or "forward") as the eval computes it (`compiled`: by the
/// code the derivative macros generated from the inner functions) or as the defaults do (the tape,
/// `MultiDual`), which the compiled code replaces.
private func innerGradient<F: LiftedObjective>(_ f: F, at x: InlineArray<2, F.Base>, mode: String,
                                               compiled: Bool) -> InlineArray<2, F.Base> {
    switch (mode, compiled) {
    case ("reverse", true): return ReverseMode.gradient(of: f, at: x)
    case ("forward", true): return ForwardMode.gradient(of: f, at: x)
    case ("reverse", false):
        var workspace = GradientWorkspace<F.Base>()
        return valueWithGradient(at: x, using: &workspace) { f($0, lift: { Reverse(constant: $0) }) }.gradient
    default: return valueWithForwardGradient(at: x) { f($0, lift: { MultiDual(constant: $0) }) }.gradient
    }
}

@Test(arguments: ["reverse", "forward"])
func compiledInnerGradientsEqualTheDefaultsToTheLastBit(mode: String) {
    // The nested evals run the adjoint and tangent code @ReverseGradient and @ForwardGradient
    // compiled from the inner functions; it must give the tape's and MultiDual's numbers exactly,
    // on Double and on the outer forward type.
    let x: InlineArray<2, Double> = [1.5, 6]
    let potential = ParticleEval.Potential<Double>(charges: [(10, 9.5), (10, 0)])
    let inner = SaddleEval.Inner<Double>(x: [0.3, -0.2])
    #expect(array(innerGradient(potential, at: x, mode: mode, compiled: true))
            == array(innerGradient(potential, at: x, mode: mode, compiled: false)))
    #expect(array(innerGradient(inner, at: x, mode: mode, compiled: true))
            == array(innerGradient(inner, at: x, mode: mode, compiled: false)))

    let w = MultiDual<1, Double>(9.5, direction: 0)
    let seeded = ParticleEval.Potential<MultiDual<1, Double>>(charges: [(MultiDual(constant: 10), w), (MultiDual(constant: 10), MultiDual(constant: 0))])
    let point: InlineArray<2, MultiDual<1, Double>> = [MultiDual(constant: 1.5), MultiDual(constant: 6)]
    let compiled = innerGradient(seeded, at: point, mode: mode, compiled: true)
    let reference = innerGradient(seeded, at: point, mode: mode, compiled: false)
    for i in 0..<2 {
        #expect(compiled[i].value == reference[i].value && compiled[i].tangents[0] == reference[i].tangents[0])
    }
}
