import Symbolic
import Testing

@Suite struct DerivationTests {
    @Test func namesTheRules() throws {
        let d = differentiate(try Expr(parsing: "x^2 + 3*sin(x) + x*exp(x) + x/(x + 1)"), withRespectTo: "x")
        let rules = Set(d.steps.map(\.rule))
        #expect(rules.isSuperset(of: [.sum, .power, .constantMultiple, .product, .quotient, .table, .chain]))
    }

    @Test func chainRuleIsSpelledOut() throws {
        let d = differentiate(try Expr(parsing: "sin(x^2)"), withRespectTo: "x")
        #expect(d.result.description == "2*x*cos(x^2)")
        let text = DerivationPrinter.text(d)
        #expect(text.contains("chain rule: d/dx [sin(x^2)] = 2*x*cos(x^2)"))
        #expect(text.contains("f(u) = sin(u), g(x) = x^2"))
        #expect(text.contains("f′(g(x))·g′(x) = (cos(x^2))·(2*x)"))
        let latex = DerivationPrinter.latex(d)
        #expect(latex.contains("\\text{chain rule}"))
        #expect(latex.hasPrefix("\\begin{align*}"))
    }
}
