import Testing
import AutoDiff

/// The article's examples, sections 1–5, against their closed forms.
@Suite struct ArticleExamplesTests {
    @Test func squareHasDerivativeTwoX() {
        for x in [-3.0, -0.5, 0, 1, 2.5] {
            #expect(derivative(at: x) { $0 * $0 } == 2 * x)
            #expect(gradient(at: [x]) { $0[0] * $0[0] } == [2 * x])
        }
    }

    @Test func gradientOfWeightedSquares() {
        let p = [1.5, -2.0, 0.25]
        let g = gradient(at: p) { v in v[0] * v[0] + 2 * v[1] * v[1] + 3 * v[2] * v[2] }
        #expect(g == [2 * p[0], 4 * p[1], 6 * p[2]])
        let q = [1.0, 2, 3, 4]
        #expect(gradient(at: q) { v in v[0] * v[0] + v[1] * v[1] + v[2] * v[2] + v[3] * v[3] } == q.map { 2 * $0 })
    }

    @Test func directionalDerivativeIsGradientDotDirection() throws {
        let p = [1.0, 2, 3]
        let v = [0.5, -1, 2]
        let f = { (w: [Dual<Double>]) in w[0] * w[0] + 2 * w[1] * w[1] + 3 * w[2] * w[2] }
        let dd = try directionalDerivative(at: p, along: v, of: f)
        let expected: Double = 1 - 8 + 36
        #expect(dd == expected)
        #expect(throws: AutoDiffError.self) { try directionalDerivative(at: p, along: [1], of: f) }
    }

    @Test func chainRule() {
        for x in [-2.0, 0, 1, 3] {
            #expect(derivative(at: x) { x in pow(x + 1, 2) } == 2 * (x + 1))
            #expect(gradient(at: [x]) { v in pow(v[0] + 1, 2) } == [2 * (x + 1)])
        }
    }

    @Test func nestedDerivativeHasNoPerturbationConfusion() {
        let d = derivative(at: 1.0) { x in
            x * derivative(at: Dual(constant: 1.0)) { y in Dual(constant: x) + y }
        }
        #expect(d == 1)
    }

    @Test func hessianOfRosenbrock() {
        let x = [0.5, -1.5]
        let h = hessian(at: x) { v in
            let a: Reverse<Dual<Double>> = 1 - v[0]
            let b = v[1] - v[0] * v[0]
            return a * a + 100 * b * b
        }
        let expected = [[2 - 400 * (x[1] - 3 * x[0] * x[0]), -400 * x[0]], [-400 * x[0], 200]]
        #expect(h == expected)
    }

    @Test func kinkPolicies() {
        // Bound first: inline, `abs` is ambiguous (Swift.abs vs Rules.abs) once six types conform to Scalar.
        let absAtZero = derivative(at: 0.0) { abs($0) }
        #expect(absAtZero == 0)
        #expect(gradient(at: [0.0]) { relu($0[0]) } == [0])
        #expect(gradient(at: [1.0, 1.0]) { max($0[0], $0[1]) } == [0.5, 0.5])
        let (upper, kinks) = withKinkPolicy(.upper) { derivative(at: 0.0) { abs($0) } }
        #expect(upper == 1)
        #expect(kinks.map(\.description) == ["abs(0)"])
        #expect(withKinkPolicy(.lower) { gradient(at: [0.0]) { abs($0[0]) } }.result == [-1])
    }
}
