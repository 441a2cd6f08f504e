import ArgumentParser
import Slope

/// `slope check`: the symbolic, forward, reverse and finite-difference gradients side by side.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the gradient four ways: symbolic, forward mode, reverse mode, finite differences.",
        discussion: "Exit code 1 when they disagree by more than the tolerance (e.g. at a kink, where finite differences straddle it)."
    )

    @OptionGroup var options: ExpressionOptions

    @Option(help: "The point, e.g. x=1,y=2.")
    var at: String

    @Option(help: "The largest relative disagreement accepted.")
    var tolerance: Double = 1e-6

    func run() throws {
        let f = try options.function()
        let variables = try options.variables(of: f)
        let point = try options.point(at, variables: variables)
        let gradient = symbolicGradient(of: f, variables: variables)
        let program = try Program(compiling: f, variables: variables)
        let symbolicProgram = try Program(compiling: gradient, variables: variables)
        let (results, kinks) = withKinkPolicy(.minimumNorm) {
            (symbolicProgram.evaluate(point), program.forwardGradient(at: point), program.valueWithGradient(at: point).gradient)
        }
        let (symbolic, forward, reverse) = results
        var kinksMet: [String] = []
        for k in kinks.map(\.description) where !kinksMet.contains(k) { kinksMet.append(k) }
        let finite = finiteDifferenceGradient(program, at: point)
        var worst = 0.0
        for i in variables.indices {
            for other in [forward[i], reverse[i], finite[i]] {
                let error = relativeError(symbolic[i], other)
                worst = error.isNaN ? .infinity : Swift.max(worst, error)
            }
        }
        let ok = worst <= tolerance
        if options.json {
            print(JSONOutput.object([
                ("function", .string(f.description)), ("variables", .strings(variables)),
                ("gradient", .strings(gradient.map(\.description))),
                ("symbolic", .numbers(symbolic)), ("forward", .numbers(forward)), ("reverse", .numbers(reverse)),
                ("finiteDifference", .numbers(finite)), ("maxRelativeError", .number(worst)), ("ok", .bool(ok)),
                ("kinks", .strings(kinksMet)),
            ]).text)
        } else {
            print("gradient of \(f) at \(at):")
            print("  symbolic           \(show(symbolic))")
            print("  forward mode       \(show(forward))")
            print("  reverse mode       \(show(reverse))")
            print("  finite differences \(finite.map { "\($0)" }.joined(separator: ", "))")
            print("  max relative error \(worst)  →  \(ok ? "ok" : "DISAGREE")")
            if !kinksMet.isEmpty { print("  kinks met: \(kinksMet.joined(separator: ", ")) (finite differences straddle them)") }
        }
        if !ok { throw ExitCode(1) }
    }

    /// Central differences with a step scaled to each coordinate.
    func finiteDifferenceGradient(_ program: Program, at point: [Double]) -> [Double] {
        point.indices.map { i in
            let h = 1e-6 * Swift.max(1, Swift.abs(point[i]))
            var up = point, down = point
            up[i] += h
            down[i] -= h
            return (program.value(at: up) - program.value(at: down)) / (2 * h)
        }
    }

    func relativeError(_ a: Double, _ b: Double) -> Double {
        if a == b { return 0 }
        return Swift.abs(a - b) / Swift.max(1, Swift.abs(a), Swift.abs(b))
    }
}
