import Testing
import AutoDiff
@testable import Optimizers

/// A convex quadratic bowl with minimum at (1, −2) and curvatures 2 and 20 (L = 20).
private let bowl = Objective(dimension: 2) { (v: [Reverse<Double>]) -> Reverse<Double> in
    let a = v[0] - 1, b = v[1] + 2
    return a * a + 10 * b * b
}
private let bowlMinimum = [1.0, -2.0]

@Suite struct OptimizersTests {
    @Test func engineObjectiveHasTheClosedFormGradient() throws {
        let (value, gradient) = try bowl.valueWithGradient([0, 0])
        #expect(value == 41)
        #expect(gradient == [-2, 40])
        #expect(try bowl.value([1, -2]) == 0)
        #expect(throws: OptimizationError.self) { try bowl.value([1]) }
    }

    @Test func fixedStepGradientDescentConverges() throws {
        var gd = try GradientDescent(step: .fixed(1.0 / 20))
        let result = try minimize(bowl, from: [0, 0], using: &gd, stopping: StoppingRule(gradientTolerance: 1e-10))
        #expect(result.reason == .gradientNorm)
        #expect(euclideanDistance(result.point, bowlMinimum) < 1e-10)
        #expect(result.history.count == result.iterations + 1)
        // Every step of descent with t ≤ 1/L decreases the loss.
        for (a, b) in zip(result.history, result.history.dropFirst()) { #expect(b.loss <= a.loss) }
        #expect(result.history.first?.step ?? 0 > 0)
    }

    @Test func armijoBacktrackingNeedsNoStepAndSatisfiesSufficientDecrease() throws {
        var gd = try GradientDescent(step: .backtracking(initial: 10))
        let result = try minimize(bowl, from: [5, 5], using: &gd, stopping: StoppingRule(gradientTolerance: 1e-9))
        #expect(result.reason == .gradientNorm)
        #expect(euclideanDistance(result.point, bowlMinimum) < 1e-9)
        for (a, b) in zip(result.history, result.history.dropFirst()) {
            // f(x − t g) ≤ f(x) − c t ‖g‖² with t‖g‖ = step.
            #expect(b.loss <= a.loss - 1e-4 * a.step * a.gradientNorm + 1e-15)
        }
    }

    @Test(arguments: ["gd", "momentum", "nesterov", "adam", "subgradient"])
    func everyOptimizerDecreasesTheLossOfAConvexProblem(name: String) throws {
        let stopping = StoppingRule(gradientTolerance: 1e-6, maximumIterations: 3000)
        let start = [4.0, 3.0]
        let initial = try bowl.value(start)
        let result: MinimizationResult
        switch name {
        case "gd": var o = try GradientDescent(step: .fixed(0.04)); result = try minimize(bowl, from: start, using: &o, stopping: stopping)
        case "momentum": var o = try Momentum(learningRate: 0.01); result = try minimize(bowl, from: start, using: &o, stopping: stopping)
        case "nesterov": var o = try Nesterov(learningRate: 0.01); result = try minimize(bowl, from: start, using: &o, stopping: stopping)
        case "adam": var o = try Adam(learningRate: 0.05); result = try minimize(bowl, from: start, using: &o, stopping: stopping)
        default: var o = try SubgradientMethod(initialStep: 0.05); result = try minimize(bowl, from: start, using: &o, stopping: stopping)
        }
        #expect(result.value < initial * 1e-3, "\(name) reached \(result.value)")
        #expect(euclideanDistance(result.point, bowlMinimum) < 0.05, "\(name) reached \(result.point)")
    }

    @Test func momentumBeatsPlainDescentOnAnIllConditionedValley() throws {
        let valley = Objective(dimension: 2) { (v: [Reverse<Double>]) -> Reverse<Double> in 0.5 * v[0] * v[0] + 50 * v[1] * v[1] }
        let stopping = StoppingRule(gradientTolerance: 1e-8, maximumIterations: 10000)
        var gd = try GradientDescent(step: .fixed(0.01))
        var nesterov = try Nesterov(learningRate: 0.01, momentum: 0.9)
        let plain = try minimize(valley, from: [1, 1], using: &gd, stopping: stopping)
        let fast = try minimize(valley, from: [1, 1], using: &nesterov, stopping: stopping)
        #expect(fast.reason == .gradientNorm)
        #expect(fast.iterations * 3 < plain.iterations)
    }

    @Test func subgradientMethodMinimizesANonSmoothFunction() throws {
        // f(x, y) = |x − 1| + 2|y + 0.5|: minimum 0 at (1, −0.5), a kink there.
        var method = try SubgradientMethod(initialStep: 0.5)
        let result = try minimize(from: [3, 2], using: &method, stopping: StoppingRule(gradientTolerance: 0, maximumIterations: 4000)) {
            (v: [Reverse<Double>]) -> Reverse<Double> in abs(v[0] - 1) + 2 * abs(v[1] + 0.5)
        }
        // It may land exactly on the kink, where the minimum-norm subgradient 0 proves optimality.
        #expect(result.reason == .iterationCap || result.history.last?.gradientNorm == 0)
        #expect(result.value < 0.02)
        #expect(euclideanDistance(result.point, [1, -0.5]) < 0.02)
        // Diminishing steps: α₀/√(k+1).
        #expect(method.stepLength(iteration: 3, gradientNorm: 1) == 0.25)
    }

    @Test func subgradientMethodTrainsAHingeLossClassifier() throws {
        // Linear SVM on separable points: mean max(0, 1 − yᵢ(w·xᵢ + b)) + 0.01‖w‖², non-smooth at margins.
        let points: [(Double, Double, Double)] = [(2, 1, 1), (1.5, 2, 1), (3, 0.5, 1), (-1, -2, -1), (-2, -0.5, -1), (-0.5, -3, -1)]
        var method = try SubgradientMethod(initialStep: 0.5)
        let result = try minimize(from: [0, 0, 0], using: &method,
                                  stopping: StoppingRule(gradientTolerance: 0, maximumIterations: 3000)) {
            (v: [Reverse<Double>]) -> Reverse<Double> in
            var total = Reverse<Double>(0)
            for (x1, x2, y) in points {
                let margin = Reverse(constant: y) * (v[0] * Reverse(constant: x1) + v[1] * Reverse(constant: x2) + v[2])
                total = total + relu(1 - margin)
            }
            return total / Reverse(constant: Double(points.count)) + 0.01 * (v[0] * v[0] + v[1] * v[1])
        }
        let w = result.point
        for (x1, x2, y) in points { #expect(y * (w[0] * x1 + w[1] * x2 + w[2]) > 0.5) }
        #expect(result.value < result.history[0].loss / 5)
    }

    @Test func genericMinimizeTakesAnyEngineFunction() throws {
        // Rosenbrock in 2-D: minimum (1, 1).
        let result = try minimize(from: [-1.2, 1], stopping: StoppingRule(gradientTolerance: 1e-8, maximumIterations: 100_000)) { (v: [Reverse<Double>]) -> Reverse<Double> in
            let a = 1 - v[0], b = v[1] - v[0] * v[0]
            return a * a + 100 * b * b
        }
        #expect(result.reason == .gradientNorm)
        #expect(euclideanDistance(result.point, [1, 1]) < 1e-6)
    }

    @Test func stoppingRulesEachTrigger() throws {
        var gd = try GradientDescent(step: .fixed(0.01))
        let capped = try minimize(bowl, from: [0, 0], using: &gd, stopping: StoppingRule(maximumIterations: 7))
        #expect(capped.reason == .iterationCap)
        #expect(capped.iterations == 7)
        #expect(capped.history.count == 8)
        var gd2 = try GradientDescent(step: .fixed(0.01))
        let relative = try minimize(bowl, from: [0, 0], using: &gd2,
                                    stopping: StoppingRule(gradientTolerance: 0, relativeChangeTolerance: 1e-3, maximumIterations: 100_000))
        #expect(relative.reason == .relativeChange)
        let last = relative.history.suffix(2).map { $0.loss }
        #expect(abs(last[1] - last[0]) <= 1e-3 * last[0])
    }

    @Test func badSettingsAndDivergenceThrowOneLineErrors() throws {
        #expect(throws: OptimizationError.invalidParameter(name: "learning rate", value: -1, requirement: "positive and finite")) {
            try GradientDescent(step: .fixed(-1))
        }
        #expect(throws: OptimizationError.self) { try Momentum(learningRate: 0.1, momentum: 1) }
        #expect(throws: OptimizationError.self) { try Adam(learningRate: .nan) }
        var huge = try GradientDescent(step: .fixed(1e10))
        do {
            _ = try minimize(bowl, from: [0, 0], using: &huge, stopping: StoppingRule(maximumIterations: 1000))
            Issue.record("divergence was not reported")
        } catch let error as OptimizationError {
            guard case .nonFinite = error else { Issue.record("wrong error \(error)"); return }
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains("smaller learning rate"))
        }
    }

    @Test func sgdWithMiniBatchesFindsTheMean() throws {
        // f(x) = mean (x − aᵢ)²: minimum at mean(a) = 2.5.
        let a = (0..<100).map { Double($0 % 6) }
        let mean = a.reduce(0, +) / Double(a.count)
        var samples = SampledObjective(dimension: 1, count: a.count) { x, batch in
            let r = batch.map { x[0] - a[$0] }
            let n = Double(batch.count)
            return (r.map { $0 * $0 }.reduce(0, +) / n, [2 * r.reduce(0, +) / n])
        }
        var sgd = try GradientDescent(step: .fixed(0.05))
        let result = try minimizeStochastically(&samples, from: [0], using: &sgd, batchSize: 10,
                                                stopping: StoppingRule(maximumIterations: 30)) { x in
            a.map { (x[0] - $0) * (x[0] - $0) }.reduce(0, +) / Double(a.count)
        }
        #expect(result.optimizer == "sgd")
        #expect(result.history.count == 30)
        #expect(abs(result.point[0] - mean) < 0.3)
        #expect(result.history.last!.loss < result.history.first!.loss)
        // Reproducible: the same seed gives the same answer.
        var again = try GradientDescent(step: .fixed(0.05))
        let second = try minimizeStochastically(&samples, from: [0], using: &again, batchSize: 10,
                                                stopping: StoppingRule(maximumIterations: 30))
        #expect(second.point == result.point)
    }
}
