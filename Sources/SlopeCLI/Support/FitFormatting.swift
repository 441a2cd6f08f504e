import Foundation
import Slope

/// How `slope fit` prints a report: aligned text for people, one JSON object for programs.
enum FitFormatting {
    /// The JSON object with keys weights, bias, loss, iterations, optimizer, exactLoss, gap.
    static func json(_ r: FitReport) -> String {
        JSONOutput.object([
            ("weights", .object(zip(r.featureNames, r.weights).map { ($0, .number($1)) })),
            ("bias", .number(r.bias)), ("loss", .number(r.loss)), ("iterations", .number(Double(r.iterations))),
            ("optimizer", .string(r.optimizer)),
            ("exactLoss", r.exactLoss.map(JSONOutput.number) ?? .null), ("gap", r.gap.map(JSONOutput.number) ?? .null),
        ]).text
    }

    /// A short aligned summary.
    static func text(_ r: FitReport) -> String {
        let width = max(r.featureNames.map(\.count).max() ?? 0, 4)
        var lines: [String] = []
        var head = "optimizer  \(r.optimizer)"
        if let lr = r.learningRate { head += ", step \(short(lr))" }
        head += ", \(r.iterations) iteration\(r.iterations == 1 ? "" : "s")"
        if let reason = r.reason {
            head += " (stopped: " + ["gradientNorm": "gradient norm below tolerance", "relativeChange": "loss stopped changing",
                                     "iterationCap": "iteration cap"][reason.rawValue, default: reason.rawValue] + ")"
        }
        lines.append(head)
        lines.append("weights")
        for (name, w) in zip(r.featureNames, r.weights) {
            lines.append("  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + short(w))
        }
        lines.append("bias       \(short(r.bias))")
        lines.append("loss       \(short(r.loss))")
        if let exact = r.exactLoss { lines.append("exact loss \(short(exact))  (least squares)") }
        if let gap = r.gap { lines.append("gap        \(short(gap))  (distance to the exact solution)") }
        lines.append("time       \(String(format: "%.3f", r.seconds)) s")
        return lines.joined(separator: "\n")
    }

    /// A readable number with up to 10 significant digits.
    static func short(_ x: Double) -> String { String(format: "%.10g", x) }
}
