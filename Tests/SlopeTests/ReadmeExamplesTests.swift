import Testing
import Slope

/// The README's compiled reverse-mode example.
@ReverseGradient(wrt: "x", "y")
func f<T: Scalar>(_ x: T, _ y: T, _ c: T) -> T { x * y + sin(c * x) }

/// The README's "library in five minutes", line by line, with the values it promises.
@Suite struct ReadmeExamplesTests {
    func rosenbrock<T: Scalar>(_ v: [T]) -> T { pow(1 - v[0], 2) + 100 * pow(v[1] - v[0] * v[0], 2) }

    @Test func derivativesAndGradients() throws {
        #expect(derivative(at: 3.0) { x in x * x } == 6)
        #expect(gradient(at: [1.0, 2, 3]) { v in v[0] * v[0] + 2 * v[1] * v[1] + 3 * v[2] * v[2] } == [2, 8, 18])
        let dd = try directionalDerivative(at: [1.0, 2, 3], along: [1, 0, 0]) { v in v[0] * v[0] + v[1] }
        #expect(dd == 2)
        let x = [0.5, 1.0]
        let g = gradient(at: x, of: rosenbrock)
        let expectedGradient: [Double] = [-1 - 150, 150]   // [−2(1 − x) − 400x(y − x²), 200(y − x²)]
        #expect(g == expectedGradient)
        #expect(forwardGradient(at: x, of: rosenbrock) == g)
        let h = hessian(at: x, of: rosenbrock)
        let expectedHessian: [[Double]] = [[2 - 100, -200], [-200, 200]]   // 2 − 400(y − 3x²), −400x, 200
        #expect(h == expectedHessian)
    }

    @Test func compiledReverseMode() {
        let (value, g) = fGradient(1.0, 2.0, 3.0)
        #expect(value == 2 + sin(3.0))
        #expect(g.x == 2 + 3 * cos(3.0) && g.y == 1)
    }

    @Test func subgradients() throws {
        #expect(subdifferential(at: 0.0) { x in abs(x) }.interval == -1...1)
        #expect(subdifferential(at: 0.0) { x in relu(x) }.interval == 0...1)
        #expect(subdifferential(at: 0.0) { x in relu(x) - relu(-x) }.interval == 1...1)
        let maxSet = try subdifferential(at: [1.0, 1]) { v in max(v[0], v[1]) }
        #expect(Set(maxSet.extremePoints) == Set([[0.0, 1], [1.0, 0]]))
        #expect(derivative(at: 0.0) { abs($0) } == 0)
        let upper = withKinkPolicy(.upper) { derivative(at: 0.0) { abs($0) } }
        #expect(upper.result == 1)
        #expect(upper.kinks.map(\.description) == ["abs(0)"])
    }

    @Test func chainRuleExplained() throws {
        let f = try Expr(parsing: "(x + 1)^2")
        #expect("\(derivative(of: f, withRespectTo: "x"))" == "2*(x + 1)")
        let steps = DerivationPrinter.text(differentiate(f, withRespectTo: "x"))
        #expect(steps.contains("chain rule"))
    }

    @Test func minimizing() throws {
        let result = try minimize(from: [0.0, 0]) { v in (v[0] - 3) * (v[0] - 3) + (v[1] + 1) * (v[1] + 1) }
        #expect(abs(result.point[0] - 3) < 1e-6 && abs(result.point[1] + 1) < 1e-6)
    }
}
