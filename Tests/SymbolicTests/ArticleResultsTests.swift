import Rules
import Symbolic
import Testing

/// The article's results, printed exactly as the article writes them.
@Suite struct ArticleResultsTests {
    func parse(_ s: String) throws -> Expr { try Expr(parsing: s) }

    @Test func derivativeOfSquareIsTwoX() throws {
        #expect(derivative(of: try parse("x^2"), withRespectTo: "x").description == "2*x")
    }

    @Test func gradientOfWeightedSquares() throws {
        let g = symbolicGradient(of: try parse("x^2 + 2*y^2 + 3*z^2"), variables: ["x", "y", "z"])
        #expect(g.map(\.description) == ["2*x", "4*y", "6*z"])
    }

    @Test func gradientOfFourSquares() throws {
        let g = symbolicGradient(of: try parse("w^2 + x^2 + y^2 + z^2"), variables: ["w", "x", "y", "z"])
        #expect(g.map(\.description) == ["2*w", "2*x", "2*y", "2*z"])
    }

    @Test func chainRuleOnShiftedSquare() throws {
        let d = differentiate(try parse("(x + 1)^2"), withRespectTo: "x")
        #expect(d.result.description == "2*(x + 1)")
        #expect(d.result.latex == "2 \\left(x + 1\\right)")
        let chain = try #require(d.steps.first { $0.rule == .chain }?.chain)
        #expect(chain.outer.description == "u^2")
        #expect(chain.inner.description == "x + 1")
    }

    @Test func dotProductGradientIsX() throws {
        let g = symbolicGradient(of: try parse("w1*x1 + w2*x2 + w3*x3"), variables: ["w1", "w2", "w3"])
        #expect(g.map(\.description) == ["x1", "x2", "x3"])
    }

    @Test func squaredErrorGradient() throws {
        let g = symbolicGradient(of: try parse("(w*x + b - y)^2"), variables: ["w", "b"])
        #expect(g.map(\.description) == ["2*x*(b + w*x - y)", "2*(b + w*x - y)"])
    }

    @Test func kinkDerivativesReadAsNamedFunctions() throws {
        #expect(derivative(of: try parse("abs(x)"), withRespectTo: "x").description == "sign(x)")
        #expect(derivative(of: try parse("relu(x)"), withRespectTo: "x").description == "step(x)")
        #expect(derivative(of: try parse("max(x, y)"), withRespectTo: "x").description == "heaviside(x - y)")
        #expect(derivative(of: try parse("max(x, y)"), withRespectTo: "y").description == "1 - heaviside(x - y)")
        #expect(derivative(of: try parse("min(x, y)"), withRespectTo: "x").description == "heaviside(y - x)")
    }
}
