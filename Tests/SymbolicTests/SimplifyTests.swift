import Rules
import Symbolic
import Testing

@Suite struct SimplifyTests {
    func s(_ text: String) throws -> String { simplify(try Expr(parsing: text)).description }

    @Test func foldsAndCollects() throws {
        #expect(try s("x + x") == "2*x")
        #expect(try s("x*x*x") == "x^3")
        #expect(try s("2*3*x - x") == "5*x")
        #expect(try s("x^2/x") == "x")
        #expect(try s("0*sin(x) + 1*y") == "y")
        #expect(try s("(2*x)^2") == "4*x^2")
        #expect(try s("-(x - y)") == "y - x")
    }

    @Test func removesFalseKinks() throws {
        #expect(try s("sqrt(x^2)") == "abs(x)")
        #expect(try s("abs(x)^2") == "x^2")
        #expect(try s("abs(x - 1)^4") == "(x - 1)^4")
        #expect(try s("relu(x) - relu(-x)") == "x")
        #expect(try s("max(x, 0) + min(x, 0)") == "x")
        #expect(try s("3*relu(y + 1) - 3*relu(-y - 1)") == "3*(y + 1)")
    }

    @Test func falseKinkRemovalFixesTheHessianAtZero() throws {
        let f = simplify(try Expr(parsing: "abs(x)^2"))
        let h = symbolicHessian(of: f, variables: ["x"])
        #expect(try Program(compiling: h[0][0], variables: ["x"]).value(at: [0.0]) == 2)
        let g = derivative(of: simplify(try Expr(parsing: "sqrt(x^2)")), withRespectTo: "x")
        #expect(try Program(compiling: g, variables: ["x"]).value(at: [0.0]) == 0)
    }

    @Test func sharedSubexpressionsStayShared() throws {
        // f_{k+1} = sin(f_k) * f_k: a tree of 2^40 leaves, a DAG of ~120 nodes.
        var f = Expr.variable("x")
        for _ in 0..<40 { f = sin(f) * f }
        #expect(f.nodeCount < 200)
        let d = derivative(of: f, withRespectTo: "x")
        #expect(d.nodeCount < 2_000)
        #expect(simplify(d).nodeCount <= d.nodeCount)
    }
}
