import Testing
import Rules

/// The central difference of `f` at `x`.
func centralDifference(at x: Double, _ f: (Double) -> Double) -> Double {
    let h = 1e-6 * Swift.max(1, Swift.abs(x))
    let (up, down) = (x + h, x - h)
    return (f(up) - f(down)) / (up - down)
}

func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-6) -> Bool {
    Swift.abs(a - b) <= tolerance * Swift.max(1, Swift.abs(a))
}

/// The rule table read directly, on plain numbers: each entry against finite differences at seeded
/// points, each kink rule against the geometry of its subdifferential.
@Suite struct DerivativeTableTests {
    static func points(_ op: Unary) -> [Double] {
        var rng = SplitMix64(seed: 7)
        let range: ClosedRange<Double> = switch op {
        case .sqrt, .log, .power: 0.05...6
        case .log1p: -0.9...6
        case .tan: -1.3...1.3
        default: -4...4
        }
        return (0..<40).map { _ in Double.random(in: range, using: &rng) }.filter { Swift.abs($0) > 0.2 }
    }

    @Test(arguments: Unary.samples)
    func unaryEntryMatchesFiniteDifferences(op: Unary) {
        for x in Self.points(op) {
            let side: Side = x > 0 ? .above : .below // the piece in force at x, for kinked primitives
            let d = op.derivative(at: x, value: op.evaluate(x), side: side)
            let numeric = centralDifference(at: x) { op.evaluate($0) }
            #expect(close(d, numeric), "\(op) at \(x): table \(d), finite differences \(numeric)")
        }
    }

    @Test(arguments: Binary.allCases)
    func binaryEntryMatchesFiniteDifferences(op: Binary) {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<40 {
            let a = op == .pow ? Double.random(in: 0.1...4, using: &rng) : Double.random(in: -4...4, using: &rng)
            let b = op == .pow ? Double.random(in: -3...3, using: &rng) : Double.random(in: -4...4, using: &rng)
            if op == .divide, Swift.abs(b) < 0.2 { continue }
            let s = op.selector(a, b)
            if op.kink != nil, Swift.abs(s) < 1e-3 { continue }
            let (da, db) = op.partials(at: a, b, value: op.evaluate(a, b), side: s > 0 ? .above : .below)
            #expect(close(da, centralDifference(at: a) { op.evaluate($0, b) }), "∂a \(op) at (\(a), \(b))")
            #expect(close(db, centralDifference(at: b) { op.evaluate(a, $0) }), "∂b \(op) at (\(a), \(b))")
        }
    }

    @Test func selectorSignPicksThePieceThatIsTaken() {
        // max: selector a − b > 0 means a is the value; min: b − a > 0 means a is the value.
        #expect(Binary.max.selector(3.0, 1.0) > 0 && Binary.max.evaluate(3, 1) == 3)
        #expect(Binary.min.selector(1.0, 3.0) > 0 && Binary.min.evaluate(1, 3) == 1)
        #expect(Binary.max.partials(at: 3.0, 1.0, value: 3.0, side: .above) == (1, 0))
        #expect(Binary.min.partials(at: 1.0, 3.0, value: 1.0, side: .above) == (1, 0))
    }

    @Test func minimumNormWeightGivesTheSmallestSubgradient() {
        // (1 − θ)·below + θ·above over θ ∈ [0, 1]: the table's θ minimises the norm.
        func norm(_ v: [Double]) -> Double { v.map { $0 * $0 }.reduce(0, +) }
        let unary: [Unary] = [.abs, .relu]
        for op in unary {
            guard let kink = op.kink else { Issue.record("\(op) has no kink rule"); continue }
            let below = op.derivative(at: 0.0, value: 0, side: .below)
            let above = op.derivative(at: 0.0, value: 0, side: .above)
            let mix = { (t: Double) in [(1 - t) * below + t * above] }
            let best = (0...1000).map { Double($0) / 1000 }.min { norm(mix($0)) < norm(mix($1)) } ?? -1
            #expect(Swift.abs(best - kink.minimumNormWeight) < 1e-9, "\(op)")
        }
        for op in [Binary.max, .min] {
            guard let kink = op.kink else { Issue.record("\(op) has no kink rule"); continue }
            let below = op.partials(at: 1.0, 1.0, value: 1, side: .below)
            let above = op.partials(at: 1.0, 1.0, value: 1, side: .above)
            let mix = { (t: Double) in [(1 - t) * below.0 + t * above.0, (1 - t) * below.1 + t * above.1] }
            let best = (0...1000).map { Double($0) / 1000 }.min { norm(mix($0)) < norm(mix($1)) } ?? -1
            #expect(Swift.abs(best - kink.minimumNormWeight) < 1e-9, "\(op)")
        }
        #expect(Unary.sqrt.kink == nil && Binary.add.kink == nil)
    }

    @Test func localDerivativeFollowsThePolicyOnlyAtTheKink() {
        #expect(localDerivative(.abs, at: 0.0, value: 0) == 0)
        #expect(withKinkPolicy(.upper) { localDerivative(.abs, at: 0.0, value: 0) }.result == 1)
        #expect(withKinkPolicy(.lower) { localDerivative(.abs, at: 0.0, value: 0) }.result == -1)
        #expect(withKinkPolicy(.upper) { localDerivative(.abs, at: -2.0, value: 2) }.result == -1)
        let (p, kinks) = withKinkPolicy(.minimumNorm) { localPartials(.max, at: 2.0, 2.0, value: 2) }
        #expect(p == (0.5, 0.5))
        #expect(kinks == [KinkHit(primitive: "max", arguments: [2, 2])])
    }

    @Test func nestedKinkPoliciesPassTheirHitsOutward() {
        let (value, outerHits) = withKinkPolicy(.lower) { () -> Double in
            let relu = localDerivative(.relu, at: 0.0, value: 0)
            let (abs, innerHits) = withKinkPolicy(.upper) { localDerivative(.abs, at: 0.0, value: 0) }
            #expect(innerHits == [KinkHit(primitive: "abs", arguments: [0])])
            return relu + abs
        }
        #expect(value == 1)  // relu'(0) under the outer .lower is 0, abs'(0) under the inner .upper is 1
        #expect(outerHits.map(\.primitive) == ["relu", "abs"])
    }

    @Test func stableEvaluationAtExtremes() {
        #expect(Unary.sigmoid.evaluate(-800) == 0 && Unary.sigmoid.evaluate(800) == 1)
        #expect(Unary.softplus.evaluate(800) == 800 && Unary.softplus.evaluate(-800) == 0)
        #expect(Unary.relu.evaluate(.nan).isNaN && Binary.max.evaluate(.nan, 1).isNaN)
        #expect(Unary.powInt(-2).evaluate(-2) == 0.25)
    }

    @Test func namesRoundTrip() {
        for op in Unary.samples where Unary(name: op.name) != nil {
            #expect(Unary(name: op.name) == op)
        }
        #expect(Unary(name: "ln") == .log)
        #expect(Unary(name: "nope") == nil)
        #expect([0.5, 3, -2, .infinity, .nan].map(formatNumber) == ["0.5", "3", "-2", "inf", "nan"])
    }
}
