import ArgumentParser
import Slope

/// `slope check`: the symbolic, forward, reverse and finite-difference gradients side by side.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the gradient four ways: symbolic, forward mode, reverse mode, finite differences.",
        discussion: """
        Exit code 1 when they disagree by more than the tolerance. At a kink, where central differences \
        straddle two pieces, the one-sided differences are checked against the exact one-sided derivatives \
        and the gradient against the subdifferential instead.
        """
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
        // At a kink central differences average the two sides: there the library's check compares
        // one-sided differences with the exact one-sided derivatives and asks whether the AD
        // gradient lies in the subdifferential, instead of raising a false alarm.
        let kinkCheck = kinksMet.isEmpty ? nil : try withKinkPolicy(.minimumNorm) {
            try checkGradient(at: point, of: program, tolerance: tolerance)
        }.result
        var worst = 0.0
        for i in variables.indices {
            let others = kinkCheck == nil ? [forward[i], reverse[i], finite[i]] : [forward[i], reverse[i]]
            for other in others {
                let error = relativeError(symbolic[i], other)
                worst = error.isNaN ? .infinity : Swift.max(worst, error)
            }
        }
        if let kinkCheck { worst = Swift.max(worst, kinkCheck.ok ? 0 : kinkCheck.maxRelativeError) }
        let ok = worst <= tolerance && (kinkCheck?.ok ?? true)
        if options.json {
            print(JSONOutput.object([
                ("function", .string(f.description)), ("variables", .strings(variables)),
                ("gradient", .strings(gradient.map(\.description))),
                ("symbolic", .numbers(symbolic)), ("forward", .numbers(forward)), ("reverse", .numbers(reverse)),
                ("finiteDifference", .numbers(finite)), ("maxRelativeError", .number(worst)), ("ok", .bool(ok)),
                ("kinks", .strings(kinksMet)), ("note", kinkCheck.map { .string($0.note) } ?? .null),
            ]).text)
        } else {
            print("gradient of \(f) at \(at):")
            print("  symbolic           \(show(symbolic))")
            print("  forward mode       \(show(forward))")
            print("  reverse mode       \(show(reverse))")
            print("  finite differences \(show(finite))")
            print("  max relative error \(worst)  →  \(ok ? "ok" : "DISAGREE")")
            if let kinkCheck {
                print("  kinks met: \(kinksMet.joined(separator: ", ")); central differences straddle them, so:")
                print("  \(kinkCheck.note)")
            }
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
