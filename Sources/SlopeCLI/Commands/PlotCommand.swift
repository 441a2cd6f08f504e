import ArgumentParser
import Foundation
import Slope
import Tour

/// `slope plot`: draw a function with its derivative, a tangent, a fan of subgradients — or, for
/// two variables, its contours and gradient arrows.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw a function, its derivative, tangents and subgradients (SVG, and PNG with rsvg-convert).",
        discussion: """
        Examples:
          slope plot "x^2" --tangent-at 1
          slope plot "abs(x)" --subgradients-at 0        (the article's Figure 1)
          slope plot "x^2 + 2*y^2" --contour --gradient-field
        """
    )

    @OptionGroup var options: ExpressionOptions

    @Option(name: .long, parsing: .unconditional, help: "The x-interval, LOW:HIGH.")
    var range = "-3:3"

    @Option(name: .customLong("y-range"), parsing: .unconditional,
            help: "The interval of the second variable for --contour (default: the same as --range).")
    var yRange: String?

    @Option(name: .customLong("tangent-at"), parsing: .unconditional, help: "Draw the tangent line at this x.")
    var tangentAt: Double?

    @Option(name: .customLong("subgradients-at"), parsing: .unconditional,
            help: "Draw the fan of subgradient lines (the whole subdifferential) at this x.")
    var subgradientsAt: Double?

    @Flag(name: .long, help: "Draw contour lines (functions of two variables).")
    var contour = false

    @Flag(name: .customLong("gradient-field"), help: "Draw gradient arrows (functions of two variables).")
    var gradientField = false

    @Flag(name: .customLong("no-derivative"), help: "Do not draw the derivative curve.")
    var noDerivative = false

    @Option(name: .long, help: "The SVG file to write.")
    var out = "slope-plot.svg"

    @Flag(name: [.short, .long], help: "Print nothing on success.")
    var quiet = false

    func run() throws {
        let expr = try options.function()
        let f = try ExpressionFunction(expr, variables: try options.variables(of: expr))
        let x = try parseRange(range, option: "--range")
        let style = Terminal.standardOutputStyle
        var lines: [String] = []
        var report = PlotReport(figure: out, files: [], tangent: nil, subgradients: nil)
        if contour || gradientField || f.variables.count == 2 {
            if tangentAt != nil || subgradientsAt != nil {
                throw Failure("--tangent-at and --subgradients-at need a function of one variable; "
                              + "the expression has \(f.variables.joined(separator: ", "))")
            }
            let y = try yRange.map { try parseRange($0, option: "--y-range") } ?? x
            let figure = try plotContours(f, label: options.expression, x: x, y: y, gradientField: gradientField || !contour)
            report.files = try writeFigure(figure, to: out)
        } else {
            let request = FunctionPlotRequest(label: options.expression, range: x, tangentAt: tangentAt,
                                              subgradientsAt: subgradientsAt, showDerivative: !noDerivative)
            let plot = try plotFunction(f, request)
            report.files = try writeFigure(plot.figure, to: out)
            report.tangent = plot.tangent
            report.subgradients = plot.subgradients
            let name = f.variables.first ?? "x"
            if let t = plot.tangent {
                lines.append("tangent at \(name) = \(show(t.x)): f = \(show(t.value)), f′ = \(show(t.derivative)); "
                             + "y = \(show(t.value)) + \(show(t.derivative))·(\(name) − \(show(t.x)))")
            }
            if let s = plot.subgradients {
                let interval = "[\(show(s.subdifferential[0])), \(show(s.subdifferential[1]))]"
                lines.append(s.subdifferential[0] == s.subdifferential[1]
                             ? "at \(name) = \(show(s.x)) f is differentiable: the only subgradient is \(show(s.subdifferential[0]))"
                             : "subgradients at \(name) = \(show(s.x)): every g in \(interval); Slope's default is \(show(s.derivative))")
            }
        }
        if options.json {
            print(try jsonText(report), terminator: "")
        } else if !quiet {
            lines.append("wrote " + report.files.joined(separator: " and "))
            print(lines.map(style.finish).joined(separator: "\n"))
        }
    }
}

/// What `slope plot --json` prints.
struct PlotReport: Encodable {
    var figure: String
    var files: [String]
    var tangent: PointSummary?
    var subgradients: PointSummary?
}
