import AutoDiff
import Rules
import Symbolic
import Testing

@Suite struct ProgramTests {
    @Test func valueAndGradientOfTheArticleExample() throws {
        let p = try Program(compiling: Expr(parsing: "x^2 + 2*y^2 + 3*z^2"), variables: ["x", "y", "z"])
        let (value, gradient) = p.valueWithGradient(at: [1, 2, 3])
        #expect(value == 36)
        #expect(gradient == [2, 8, 18])
        #expect(try p.directionalDerivative(at: [1, 2, 3], along: [1, 0, 0]) == 2)
        #expect(p.hessian(at: [1, 2, 3]) == [[2, 0, 0], [0, 4, 0], [0, 0, 6]])
    }

    @Test func unknownVariableIsAnError() throws {
        #expect(throws: SymbolicError.unknownVariable("y", known: ["x"])) {
            try Program(compiling: Expr(parsing: "x + y"), variables: ["x"])
        }
    }

    @Test func sharedNodesCompileOnce() throws {
        var f = Expr.variable("x")
        for _ in 0..<30 { f = sin(f) * f }
        let p = try Program(compiling: f, variables: ["x"])
        // Products flatten (quadratic in depth here), but nothing is exponential.
        #expect(p.instructions.count < 600)
    }

    @Test func traceShowsValuesPartialsAndAdjoints() throws {
        let p = try Program(compiling: Expr(parsing: "(x + 1)^2"), variables: ["x"])
        let trace = BackpropTrace(program: p, at: [2])
        #expect(trace.value == 9)
        #expect(trace.gradient == [6])
        let square = try #require(trace.rows.last)
        #expect(square.partials == [6])
        #expect(square.adjoint == 1)
        #expect(trace.rows.first { $0.operation == "x" }?.adjoint == 6)
        #expect(trace.text.contains("(x + 1)^2"))
    }

    @Test func deepCompositionWorksEverywhere() throws {
        let text = String(repeating: "sin(", count: 1000) + "x" + String(repeating: ")", count: 1000)
        let f = try Expr(parsing: text)
        let d = differentiate(f, withRespectTo: "x")
        #expect(d.steps.count == 1000)
        #expect(!d.result.description.isEmpty)
        #expect(!d.result.latex.isEmpty)
        #expect(simplify(d.result) == d.result)
        let p = try Program(compiling: [f, d.result], variables: ["x"])
        let values = p.evaluate([0.5])
        let reverse = try Program(compiling: f, variables: ["x"]).valueWithGradient(at: [0.5]).gradient[0]
        #expect(Swift.abs(values[1] - reverse) < 1e-12)
        let shallow = try Expr(parsing: String(repeating: "sin(", count: 150) + "x" + String(repeating: ")", count: 150))
        let dShallow = derivative(of: shallow, withRespectTo: "x")
        #expect(try Expr(parsing: dShallow.description) == dShallow)
    }
}

@Suite struct EvaluationTests {
    @Test func valueByNameOnDoubleAndDual() throws {
        let f = try Expr(parsing: "x^2 + y")
        #expect(try f.value(at: ["x": 3.0, "y": 1.0]) == 10)
        let d = try f.value(at: ["x": Dual(3.0, tangent: 1), "y": Dual(1.0, tangent: 0)])
        #expect(d.tangent == 6)
        #expect(throws: SymbolicError.missingVariable("y")) { try f.value(at: ["x": 1.0]) }
    }
}
