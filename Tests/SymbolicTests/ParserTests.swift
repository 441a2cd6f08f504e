import Symbolic
import Testing

@Suite struct ParserTests {
    func p(_ s: String) throws -> String { try Expr(parsing: s).description }

    @Test func issueExamplesParseAndPrint() throws {
        #expect(try p("x^2 + 2*y^2 + 3*z^2") == "x^2 + 2*y^2 + 3*z^2")
        #expect(try p("(x+1)^2") == "(x + 1)^2")
        #expect(try p("max(x, 0)") == "max(x, 0)")
        #expect(try p("abs(x) + abs(x-1)") == "abs(x) + abs(x - 1)")
        #expect(try p("exp(-x^2/2)/sqrt(2*pi)") == "exp(-x^2/2)/sqrt(2*pi)")
        #expect(try p("log(1 + exp(w*x + b))") == "log(exp(b + w*x) + 1)")
        #expect(try p("sigmoid(a*x)^2") == "sigmoid(a*x)^2")
        #expect(try p("min(x, y, z)") == "min(min(x, y), z)")
    }

    @Test func precedenceAndAssociativity() throws {
        #expect(try Expr(parsing: "-x^2") == Expr(parsing: "-(x^2)"))
        #expect(try Expr(parsing: "2^3^2") == Expr.number(512))
        #expect(try Expr(parsing: "x**2") == Expr(parsing: "x^2"))
        #expect(try Expr(parsing: "1e-3*x").description == "x/1000")
        #expect(try Expr(parsing: "2*-x") == Expr(parsing: "-2*x"))
        #expect(try Expr(parsing: "x - y - z") == Expr(parsing: "x - (y + z)"))
        #expect(try Expr(parsing: "x / y / z") == Expr(parsing: "x / (y * z)"))
        #expect(try Expr(parsing: "x^-1") == Expr(parsing: "1/x"))
    }

    @Test(arguments: [
        ("x +", "expected an expression at column 4", 3),
        ("(x + 1", "expected ')' to close the '(' of column 1 at column 7", 6),
        ("x + 1)", "unmatched ')' at column 6", 5),
        ("foo(x)", "unknown function 'foo' at column 1", 0),
        ("sin(x, y)", "function 'sin' takes 1 argument, got 2 at column 1", 0),
        ("2 x", "expected an operator (+ - * / ^) or ')' at column 3", 2),
        ("x $ 1", "unexpected character '$' at column 3", 2),
        ("max(x)", "function 'max' takes two or more arguments, got 1 at column 1", 0),
        ("sin + 1", "expected '(' after function 'sin' at column 5", 4),
        ("1e999", "number '1e999' is out of range at column 1", 0),
        ("", "expected an expression at column 1", 0),
    ])
    func errorsNameWhatAndWhere(input: String, message: String, position: Int) {
        #expect(throws: ParseError.self) { try Expr(parsing: input) }
        do {
            _ = try Expr(parsing: input)
        } catch {
            #expect(error.description == message)
            #expect(error.position == position)
            let caret = error.caretLines.split(separator: "\n")
            #expect(caret.count == 2)
            #expect(caret[1].firstIndex(of: "^").map { caret[1].distance(from: caret[1].startIndex, to: $0) } == position + 2)
        }
    }

    @Test func tenThousandNestedParenthesesParse() throws {
        let text = String(repeating: "(", count: 10_000) + "x" + String(repeating: ")", count: 10_000)
        #expect(try Expr(parsing: text) == Expr.variable("x"))
    }

    @Test func deeperNestingIsAnErrorNotACrash() {
        let text = String(repeating: "sin(", count: 20_000) + "x" + String(repeating: ")", count: 20_000)
        #expect(throws: ParseError.self) { try Expr(parsing: text) }
        let minus = String(repeating: "-", count: 1_000_000) + "x"
        #expect(throws: ParseError.self) { try Expr(parsing: minus) }
    }

    @Test func longSumParsesInLinearTime() throws {
        let text = Array(repeating: "x", count: 100_000).joined(separator: "+")
        #expect(try Expr(parsing: text).description == "100000*x")
    }

    @Test func longCaretLineShowsAWindow() {
        let text = String(repeating: "x + ", count: 10_000) + "+"
        do {
            _ = try Expr(parsing: text)
            Issue.record("expected an error")
        } catch {
            #expect(error.caretLines.count < 200)
            #expect(error.caretLines.hasSuffix("^"))
        }
    }

    @Test func latexNotation() throws {
        #expect(try Expr(parsing: "2*x").latex == "2 x")
        #expect(try Expr(parsing: "abs(x)").latex == "\\left| x \\right|")
        #expect(try Expr(parsing: "x/(y+1)").latex == "\\frac{x}{y + 1}")
        #expect(try Expr(parsing: "sqrt(x) + exp(x)").latex == "e^{x} + \\sqrt{x}")
        #expect(try Expr(parsing: "sin(x)^2").latex == "{\\sin\\left(x\\right)}^{2}")
    }
}
