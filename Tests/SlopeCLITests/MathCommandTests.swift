import Foundation
import Testing

/// The math commands: the article's results, every JSON shape, bad input.
@Suite struct MathCommandTests {
    func json(_ arguments: [String]) throws -> [String: Any] {
        let run = try runSlope(arguments + ["--json"])
        #expect(run.status == 0, "\(arguments): \(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        return try #require(object)
    }

    @Test func deriveJSON() throws {
        let o = try json(["derive", "x^2", "--at", "x=3"])
        #expect(Set(o.keys) == ["function", "variable", "derivative", "latex", "value", "derivativeValue"])
        #expect(o["derivative"] as? String == "2*x")
        #expect(o["latex"] as? String == "2 x")
        #expect(o["value"] as? Double == 9)
        #expect(o["derivativeValue"] as? Double == 6)
        let chain = try json(["derive", "(x + 1)^2"])
        #expect(chain["derivative"] as? String == "2*(x + 1)")
        #expect(Set(chain.keys) == ["function", "variable", "derivative", "latex"])
    }

    @Test func gradientJSON() throws {
        let o = try json(["gradient", "x^2 + 2*y^2 + 3*z^2", "--at", "x=1,y=2,z=3"])
        #expect(Set(o.keys) == ["function", "variables", "gradient", "latex", "value", "gradientValue"])
        #expect(o["gradient"] as? [String] == ["2*x", "4*y", "6*z"])
        #expect(o["variables"] as? [String] == ["x", "y", "z"])
        #expect(o["gradientValue"] as? [Double] == [2, 8, 18])
        let ordered = try json(["gradient", "x^2 + 2*y^2", "--vars", "y,x"])
        #expect(ordered["gradient"] as? [String] == ["4*y", "2*x"])
    }

    @Test func directionalJSON() throws {
        let o = try json(["directional", "x^2 + 2*y^2 + 3*z^2", "--at", "x=1,y=2,z=3", "--along", "1,0,0"])
        #expect(o["value"] as? Double == 36)
        #expect(o["directionalDerivative"] as? Double == 2)
    }

    @Test func hessianJSONAndTheFalseKink() throws {
        let o = try json(["hessian", "abs(x)^2", "--at", "x=0"])
        #expect(o["hessian"] as? [[String]] == [["2"]])
        #expect(o["hessianValue"] as? [[Double]] == [[2]])
        let two = try json(["hessian", "x^2*y"])
        #expect(two["hessian"] as? [[String]] == [["2*y", "2*x"], ["2*x", "0"]])
    }

    @Test func checkAgreesAndExitsZero() throws {
        let o = try json(["check", "sin(x)*y + exp(x*y)", "--at", "x=0.5,y=-1"])
        #expect(o["ok"] as? Bool == true)
        for key in ["symbolic", "forward", "reverse", "finiteDifference"] { #expect((o[key] as? [Double])?.count == 2) }
        #expect((o["maxRelativeError"] as? Double).map { $0 < 1e-6 } == true)
    }

    @Test func checkFailsWithExitOneWhenTheWaysDisagree() throws {
        // √x at 0: the derivative is infinite, finite differences are not.
        let run = try runSlope(["check", "sqrt(x)", "--at", "x=0", "--json"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("\"ok\":false"))
    }

    @Test func checkAtAKinkJudgesBySubdifferentialNotCentralDifferences() throws {
        // relu at 0: central differences give ½, the minimum-norm subgradient is 0, and 0 ∈ [0, 1].
        let o = try json(["check", "relu(x)", "--at", "x=0"])
        #expect(o["ok"] as? Bool == true)
        #expect(o["reverse"] as? [Double] == [0])
        #expect(o["finiteDifference"] as? [Double] == [0.5])
        #expect((o["note"] as? String)?.isEmpty == false)
    }

    @Test func traceShowsBackpropagation() throws {
        let run = try runSlope(["gradient", "(x + 1)^2", "--at", "x=2", "--trace"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("adjoint"))
        #expect(run.stdout.contains("∇f = [6]"))
    }

    @Test func stepsNameTheChainRule() throws {
        let run = try runSlope(["derive", "sin(x^2)", "--steps"])
        #expect(run.stdout.contains("chain rule"))
        #expect(run.stdout.contains("f(u) = sin(u), g(x) = x^2"))
    }

    @Test func parseErrorIsOneLineThenTheCaret() throws {
        let run = try runSlope(["derive", "x + (2"])
        #expect(run.status == 2)
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "slope: error: expected ')' to close the '(' of column 5 at column 7")
        #expect(lines[1] == "  x + (2")
        #expect(lines[2] == "        ^")
        #expect(run.stdout.isEmpty)
    }

    @Test(arguments: [
        (["gradient", "x + y", "--at", "x=1,q=2"], "unknown variable 'q'"),
        (["gradient", "x + y", "--at", "x=1"], "no value for variable 'y'"),
        (["gradient", "x + y", "--at", "x=1,y=abc"], "'abc' is not a finite number"),
        (["gradient", "x + y", "--at", "x=1,y=inf"], "'inf' is not a finite number"),
        (["gradient", "x + y", "--at", "x=1,y=nan"], "'nan' is not a finite number"),
        (["gradient", "x + y", "--at", "x1"], "malformed point"),
        (["derive", "x * y"], "choose one with --wrt"),
        (["directional", "x + y", "--at", "x=1,y=2", "--along", "1"], "direction has 1 component, expected 2"),
        (["gradient", "x + y", "--vars", "x"], "--vars does not list 'y'"),
    ])
    func badInputIsExitTwoWithOneLine(arguments: [String], fragment: String) throws {
        let run = try runSlope(arguments)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("slope: error:"))
        #expect(run.stderr.contains(fragment), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func absurdInputIsAnErrorNotACrash() throws {
        let deep = String(repeating: "(", count: 20_000) + "x" + String(repeating: ")", count: 20_000)
        let run = try runSlope(["derive", String(repeating: "sin(", count: 20_000) + "x" + String(repeating: ")", count: 20_000)])
        #expect(run.status == 2)
        #expect(run.stderr.contains("nested deeper than"))
        let parens = try runSlope(["derive", deep])
        #expect(parens.status == 2)
    }
}

/// `slope subgradient`: the article's section 3.
@Suite struct SubgradientCommandTests {
    func json(_ arguments: [String]) throws -> [String: Any] {
        let run = try runSlope(arguments + ["--json"])
        #expect(run.status == 0, "\(arguments): \(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test func absoluteValueAtZero() throws {
        let o = try json(["subgradient", "abs(x)", "--at", "x=0"])
        #expect(o["differentiable"] as? Bool == false)
        #expect(o["exact"] as? Bool == true)
        #expect(o["interval"] as? [Double] == [-1, 1])
        #expect(o["subdifferential"] as? [[Double]] == [[-1], [1]])
    }

    @Test func reluAtZeroAndAwayFromIt() throws {
        #expect(try json(["subgradient", "relu(x)", "--at", "x=0"])["interval"] as? [Double] == [0, 1])
        let smooth = try json(["subgradient", "relu(x)", "--at", "x=2"])
        #expect(smooth["differentiable"] as? Bool == true)
        #expect(smooth["subdifferential"] as? [[Double]] == [[1]])
    }

    @Test func falseKinkGivesTheTrueSet() throws {
        #expect(try json(["subgradient", "sqrt(x^2)", "--at", "x=0"])["interval"] as? [Double] == [-1, 1])
        let cancelled = try json(["subgradient", "relu(x) - relu(-x)", "--at", "x=0"])
        #expect(cancelled["differentiable"] as? Bool == true)
    }

    @Test func maxOfTwoVariablesOnATie() throws {
        let o = try json(["subgradient", "max(x, y)", "--at", "x=1,y=1"])
        #expect(o["interval"] == nil)
        #expect(Set((o["subdifferential"] as? [[Double]]) ?? []) == [[0, 1], [1, 0]])
    }
}
