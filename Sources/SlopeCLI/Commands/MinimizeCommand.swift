import ArgumentParser
import Foundation
import Slope
import Tour

extension OptimizerChoice: ExpressibleByArgument {}

/// `slope minimize`: follow the gradient (or a subgradient) downhill from a starting point.
struct MinimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minimize",
        abstract: "Minimize an expression with gradient descent, momentum, Nesterov, Adam or the subgradient method.",
        discussion: """
        Examples:
          slope minimize "x^2 + 2*y^2" --from x=2,y=1
          slope minimize "abs(x) + (y - 1)^2" --from x=1,y=0 --optimizer subgradient --steps 500 --plot path.svg
        Without --lr, gradient descent uses an Armijo line search; the others use 0.01 (momentum,
        nesterov) or 0.1 (adam, subgradient).
        """
    )

    @OptionGroup var options: ExpressionOptions

    @Option(name: .long, help: "The starting point, e.g. x=2,y=1 (every variable needs a value).")
    var from: String

    @Option(name: .long, help: "gd, momentum, nesterov, adam or subgradient.")
    var optimizer: OptimizerChoice = .gd

    @Option(name: .long, help: "The learning rate (step size).")
    var lr: Double?

    @Option(name: .long, help: "The most steps to take.")
    var steps = 1000

    @Option(name: .long, help: "Stop once the gradient norm is below this.")
    var tolerance = 1e-8

    @Option(name: .long, help: "Draw the descent path into this SVG file.")
    var plot: String?

    @Flag(name: [.short, .long], help: "Print nothing on success.")
    var quiet = false

    func run() throws {
        let expr = try options.function()
        let variables = try options.variables(of: expr)
        let f = try ExpressionFunction(expr, variables: variables)
        let start: [Double]
        do {
            start = try PointParser.assignment(from, variables: variables)
        } catch {
            throw Failure("--from: \(error.description)")
        }
        let request = MinimizationRequest(start: start, optimizer: optimizer, learningRate: lr, steps: steps,
                                          gradientTolerance: tolerance)
        let m = try minimizeFunction(f, request)
        var files: [String] = []
        if let plot {
            files = try writeFigure(minimizationFigure(f, label: options.expression, m), to: plot)
        }
        let s = m.summary
        if options.json {
            print(try jsonText(s), terminator: "")
        } else if !quiet {
            let style = Terminal.standardOutputStyle
            var lines = [
                "\(s.optimizer): \(s.iterations) step\(s.iterations == 1 ? "" : "s"), stopped: \(stopText(s.stopReason))",
                "point          " + showPoint(s.variables, s.coordinates),
                "value          " + show(s.value),
                "gradient norm  " + show(s.gradientNorm),
            ]
            if !files.isEmpty { lines.append("wrote " + files.joined(separator: " and ")) }
            print(lines.map(style.finish).joined(separator: "\n"))
        }
    }

    private func stopText(_ reason: String) -> String {
        switch reason {
        case "gradientNorm": "the gradient norm fell below \(show(tolerance))"
        case "relativeChange": "the loss stopped changing"
        default: "the step limit (\(steps)) was reached"
        }
    }
}
