import AutoDiff
import Rules
import Symbolic
import Testing

/// Random expressions: printing round-trips, simplification keeps values, and the symbolic
/// derivative agrees with forward mode, reverse mode and finite differences.
@Suite struct PropertyTests {
    let variables = ["x", "y", "z"]

    func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        if a.isNaN && b.isNaN { return true }
        return Swift.abs(a - b) <= tolerance * Swift.max(1, Swift.abs(a), Swift.abs(b))
    }

    @Test func printingRoundTrips() throws {
        var generator = ExpressionGenerator(seed: 1)
        for _ in 0..<300 {
            let e = try generator.expression(depth: 5)
            let reparsed = try Expr(parsing: e.description)
            #expect(reparsed == e, "\(e.description) reparsed as \(reparsed.description)")
            let d = derivative(of: e, withRespectTo: "x")
            #expect(try Expr(parsing: d.description) == d, "\(d.description)")
        }
    }

    @Test func simplificationPreservesValues() throws {
        var generator = ExpressionGenerator(seed: 2)
        for _ in 0..<200 {
            let text = generator.text(depth: 5)
            let e = try Expr(parsing: text)
            let s = simplify(e)
            let p = try Program(compiling: [e, s], variables: variables)
            for _ in 0..<3 {
                let v = p.evaluate(generator.point())
                #expect(close(v[0], v[1], 1e-9), "\(text): \(e) vs \(s)")
            }
        }
    }

    @Test func canonicalFormPreservesValuesOfTheText() throws {
        // The parsed (canonical) form against a direct, uncanonicalized evaluation of the same text.
        var generator = ExpressionGenerator(seed: 3)
        for _ in 0..<200 {
            let text = generator.text(depth: 4)
            let e = try Expr(parsing: text)
            let point = generator.point()
            let direct = try DirectEvaluator(text: text, point: point).value
            let compiled = try Program(compiling: e, variables: variables).value(at: point)
            #expect(close(direct, compiled, 1e-9), "\(text) → \(e): \(direct) vs \(compiled)")
        }
    }

    @Test func symbolicDerivativeAgreesWithForwardReverseAndFiniteDifferences() throws {
        var generator = ExpressionGenerator(seed: 4, kinks: false)
        for _ in 0..<150 {
            let e = try generator.expression(depth: 4)
            let gradient = symbolicGradient(of: e, variables: variables)
            let symbolic = try Program(compiling: gradient, variables: variables)
            let program = try Program(compiling: e, variables: variables)
            let point = generator.point()
            let s = symbolic.evaluate(point)
            let forward = program.forwardGradient(at: point)
            let reverse = program.valueWithGradient(at: point).gradient
            for i in 0..<3 {
                #expect(close(s[i], forward[i], 1e-9), "\(e) ∂\(variables[i]): \(gradient[i])")
                #expect(close(s[i], reverse[i], 1e-9), "\(e) ∂\(variables[i])")
                let h = 1e-5
                var up = point, down = point
                up[i] += h
                down[i] -= h
                let fd = (program.value(at: up) - program.value(at: down)) / (2 * h)
                #expect(close(s[i], fd, 1e-4), "\(e) ∂\(variables[i]): \(s[i]) vs fd \(fd)")
            }
        }
    }

    @Test func kinkedDerivativesAgreeWithTheEngineAwayFromKinks() throws {
        var generator = ExpressionGenerator(seed: 5, kinks: true)
        for _ in 0..<150 {
            let e = try generator.expression(depth: 4)
            let symbolic = try Program(compiling: symbolicGradient(of: e, variables: variables), variables: variables)
            let program = try Program(compiling: e, variables: variables)
            let point = generator.point()
            let s = symbolic.evaluate(point)
            let reverse = program.valueWithGradient(at: point).gradient
            for i in 0..<3 { #expect(close(s[i], reverse[i], 1e-9), "\(e)") }
        }
    }

    @Test func hessianAgreesWithForwardOverReverse() throws {
        var generator = ExpressionGenerator(seed: 6, kinks: false)
        for _ in 0..<40 {
            let e = try generator.expression(depth: 3)
            let h = try Program(compiling: symbolicHessian(of: e, variables: variables).flatMap { $0 }, variables: variables)
            let point = generator.point()
            let symbolic = h.evaluate(point)
            let engine = try Program(compiling: e, variables: variables).hessian(at: point).flatMap { $0 }
            for i in 0..<9 { #expect(close(symbolic[i], engine[i], 1e-8), "\(e)") }
        }
    }
}
