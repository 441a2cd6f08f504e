import AutoDiff
import Rules
import Symbolic
import Testing

/// At kinks the symbolic derivative takes exactly the engine's value, under every policy.
@Suite struct KinkTests {
    @Test(arguments: KinkPolicy.allCases)
    func symbolicAndEngineAgreeExactlyAtKinks(policy: KinkPolicy) throws {
        for text in ["abs(x)", "relu(x)", "max(x, 0)", "min(x, 0)", "max(x, y)", "min(x, y)", "abs(x)*y + relu(y - x)",
                     "max(x, y) + abs(x - y)"] {
            let f = try Expr(parsing: text)
            let variables = ["x", "y"]
            let symbolic = try Program(compiling: symbolicGradient(of: f, variables: variables), variables: variables)
            let program = try Program(compiling: f, variables: variables)
            for point in [[0.0, 0.0], [1.0, 1.0], [-2.0, -2.0]] {
                let (s, r, fw) = withKinkPolicy(policy) {
                    (symbolic.evaluate(point), program.valueWithGradient(at: point).gradient, program.forwardGradient(at: point))
                }.result
                #expect(s == r, "\(text) at \(point) under \(policy)")
                #expect(s == fw, "\(text) at \(point) under \(policy)")
            }
        }
    }

    @Test func minimumNormValuesAtZero() throws {
        let abs = try Program(compiling: derivative(of: Expr(parsing: "abs(x)"), withRespectTo: "x"), variables: ["x"])
        let relu = try Program(compiling: derivative(of: Expr(parsing: "relu(x)"), withRespectTo: "x"), variables: ["x"])
        #expect(abs.value(at: [Double(0)]) == 0)
        #expect(abs.value(at: [Double(-3)]) == -1)
        #expect(relu.value(at: [Double(0)]) == 0)
        #expect(relu.value(at: [Double(2)]) == 1)
        #expect(withKinkPolicy(.upper) { abs.value(at: [Double(0)]) }.result == 1)
    }
}
