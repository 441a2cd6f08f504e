import Testing
import PropertyBased
import AutoDiff

/// The article's section 5: gradients of ‖w‖², w·x and the linear-regression MSE against their
/// closed forms, in both modes.
@Suite struct ArticleGradientFormulaTests {
    @Test func squaredNormHasGradientTwoW() async {
        await propertyCheck(count: 50, input: Gen.double(in: -10...10).array(of: 1...12)) { w in
            let norm = { (v: [Reverse<Double>]) in v.reduce(0) { $0 + $1 * $1 } }
            #expect(gradient(at: w, of: norm) == w.map { 2 * $0 })
            #expect(forwardGradient(at: w) { v in v.reduce(0) { $0 + $1 * $1 } } == w.map { 2 * $0 })
        }
    }

    @Test func dotProductHasGradientX() async {
        await propertyCheck(count: 50, input: Gen.double(in: -10...10).array(of: 1...12)) { values in
            let w = values
            let x = values.reversed().map { $0 + 0.5 }
            let g = gradient(at: w) { v in zip(v, x).reduce(0) { $0 + $1.0 * Reverse(constant: $1.1) } }
            #expect(g == x)
        }
    }

    @Test(arguments: [(1, 5), (3, 40), (8, 200)])
    func meanSquaredErrorMatchesTheArticlesClosedForm(features: Int, samples: Int) {
        var rng = SplitMix64(seed: UInt64(features * 1000 + samples))
        let xs = (0..<samples).map { _ in (0..<features).map { _ in Double.random(in: -2...2, using: &rng) } }
        let ys = (0..<samples).map { _ in Double.random(in: -5...5, using: &rng) }
        let w = (0..<features).map { _ in Double.random(in: -1...1, using: &rng) }
        let b = Double.random(in: -1...1, using: &rng)

        // L(w, b) = 1/N Σ (w·xᵢ + b − yᵢ)², parameters packed as [w..., b].
        func loss<T: Scalar>(_ p: [T]) -> T {
            var sum: T = 0
            for (x, y) in zip(xs, ys) {
                var prediction = p[features]
                for j in 0..<features { prediction = prediction + p[j] * T(x[j]) }
                let r = prediction - T(y)
                sum = sum + r * r
            }
            return sum / T(Double(samples))
        }
        // The article: ∂L/∂wⱼ = 2/N Σ (w·xᵢ + b − yᵢ)·xᵢⱼ, ∂L/∂b = 2/N Σ (w·xᵢ + b − yᵢ).
        let residuals = zip(xs, ys).map { x, y in zip(w, x).map(*).reduce(0, +) + b - y }
        let n = Double(samples)
        let closedForm = (0..<features).map { j in 2 / n * zip(residuals, xs).map { $0 * $1[j] }.reduce(0, +) }
            + [2 / n * residuals.reduce(0, +)]

        let reverse = gradient(at: w + [b], of: loss)
        let forward = forwardGradient(at: w + [b], of: loss)
        #expect(agree([reverse], [closedForm], tolerance: 1e-12))
        #expect(agree([forward], [closedForm], tolerance: 1e-12))
    }
}

/// `Float` conforms as well as `Double`, and wrong lengths throw instead of trapping.
@Suite struct FloatAndInputErrorTests {
    @Test func floatConformance() throws {
        let g: [Float] = gradient(at: [1, 2, 3]) { v in v[0] * v[0] + 2 * v[1] * v[1] + 3 * v[2] * v[2] }
        #expect(g == [2, 8, 18])
        let d: Float = derivative(at: 0.5) { x in sin(x) * x }
        #expect(Swift.abs(d - (0.479425538 + 0.5 * 0.877582562)) < 1e-6) // sin x + x cos x
        let h: [[Float]] = hessian(at: [1, 2]) { v in v[0] * v[0] * v[1] }
        #expect(h == [[4, 2], [2, 0]])
        #expect(Float(2).doubleValue == 2)
        let kink: Float = derivative(at: 0) { x in relu(x) }
        #expect(kink == 0)
    }

    @Test func wrongLengthsThrow() throws {
        let square = { (v: [Dual<Double>]) in [v[0] * v[0], v[1]] }
        #expect(throws: AutoDiffError.dimensionMismatch(what: "direction", expected: 2, actual: 1)) {
            try jvp(at: [1, 2], along: [1], of: square)
        }
        #expect(throws: AutoDiffError.dimensionMismatch(what: "cotangent", expected: 2, actual: 3)) {
            try vjp(at: [1.0, 2], cotangent: [1, 1, 1]) { v in [v[0] * v[1], v[0]] }
        }
        let (_, pullback) = valueWithPullback(at: [1.0, 2]) { v in [v[0] * v[1]] }
        #expect(throws: AutoDiffError.self) { try pullback([]) }
        #expect(try pullback([2]) == [4, 2])
        #expect(throws: AutoDiffError.dimensionMismatch(what: "direction", expected: 3, actual: 2)) {
            try hessianVectorProduct(at: [1.0, 2, 3], along: [1, 0]) { v in v[0] * v[1] * v[2] }
        }
        #expect(throws: AutoDiffError.dimensionMismatch(what: "direction", expected: 1, actual: 2)) {
            try oneSidedDirectionalDerivative(at: [0], along: [1, 1]) { v in abs(v[0]) }
        }
        #expect(throws: AutoDiffError.nonFinite(what: "point", index: 0, value: .infinity)) {
            try subdifferential(at: [.infinity]) { v in v[0] }
        }
    }

    @Test func errorsReadAsOneLine() {
        let errors: [AutoDiffError] = [.dimensionMismatch(what: "direction", expected: 2, actual: 1),
                                       .nonFinite(what: "point", index: 3, value: .nan), .empty(what: "point")]
        #expect(errors.map(\.description) == ["dimension mismatch: direction has 1 component, expected 2",
                                              "non-finite input: point[3] is nan", "empty input: point has no components"])
    }
}
