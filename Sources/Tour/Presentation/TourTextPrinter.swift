/// Renders a `TourReport` as text for people: a titled block per section with its formula,
/// Slope's symbolic result and steps, the numbers at a point, and every check marked ✓ or ✗.
public struct TourTextPrinter: Sendable {
    /// Colour and character set.
    public var style: TerminalStyle
    /// Line width for wrapped prose.
    public var width = 78

    /// A printer in `style`.
    public init(style: TerminalStyle) { self.style = style }

    /// The whole report, ending with a summary line and what to try next.
    public func render(_ report: TourReport) -> String {
        var lines: [String] = []
        if report.sections.count > 1 {
            lines.append(style.bold("Slope: a tour of \"Understanding the Basics of Gradients\" (R. Iyer, 2024)"))
            lines += wrap("Every number below is computed by Slope and checked against the article's closed form, the other differentiation mode, or finite differences. Exact means equal to the last bit.", indent: "")
            lines.append("")
        }
        for section in report.sections { lines += render(section) }
        if report.sections.count > 1 {
            lines += wrap("In short: a derivative is a slope; a gradient collects the slopes along every input and points uphill; at a kink a whole interval of subgradients takes its place; the chain rule multiplies local slopes, which is how backpropagation gets the gradient of a loss; and stepping against that gradient finds the best model.", indent: "")
            lines.append("")
        }
        let checks = report.checks
        let failed = checks.filter { !$0.passed }
        if failed.isEmpty {
            lines.append(style.good("✓ all \(checks.count) checks passed"))
        } else {
            lines.append(style.bad("✗ \(failed.count) of \(checks.count) checks failed"))
        }
        let figures = report.sections.flatMap(\.figures).filter { $0.path != nil }
        if let directory = report.figureDirectory, !figures.isEmpty {
            let pngs = figures.filter { $0.png != nil }.count
            lines.append("figures: \(figures.count) SVG\(pngs > 0 ? " + \(pngs) PNG" : "") in \(style.accent(directory))/")
        }
        if report.sections.count > 1 {
            lines.append("next: slope plot \"abs(x)\" --subgradients-at 0   ·   slope minimize \"x^2 + 2*y^2\" --from x=2,y=1")
        }
        return lines.map(style.finish).joined(separator: "\n") + "\n"
    }

    /// One section's block.
    public func render(_ section: TourSection) -> [String] {
        let title = "\(section.number) · \(section.title)"
        var lines = [style.accent("══ ") + style.bold(title) + " " + style.accent(String(repeating: "═", count: Swift.max(3, width - title.count - 4)))]
        lines += wrap(section.summary, indent: "")
        for example in section.examples {
            lines.append("")
            lines.append("  " + style.bold(example.title) + style.dim("   at " + example.point))
            if example.formula != example.title { lines.append("    formula   " + example.formula) }
            for (i, result) in example.symbolic.enumerated() {
                lines.append((i == 0 ? "    Slope     " : "              ") + result)
            }
            for step in example.steps { lines.append("      " + style.dim(step)) }
            let names = example.values.map { style.finish($0.name) }
            let nameWidth = Swift.min(30, names.map(\.count).max() ?? 0)
            for (name, value) in zip(names, example.values) {
                let padded = name.padding(toLength: Swift.max(nameWidth, name.count), withPad: " ", startingAt: 0)
                let number = value.isInterval && value.value.count == 2
                    ? "[\(show(value.value[0])), \(show(value.value[1]))]"
                    : value.value.count == 1 ? show(value.value[0]) : show(value.value)
                lines.append("    \(padded) = \(number)")
            }
            for check in example.checks { lines.append("    " + render(check)) }
            for note in example.notes { lines += wrap(note, indent: "    · ").map(style.dim) }
        }
        let written = section.figures.filter { $0.path != nil }
        if !written.isEmpty { lines.append("") }
        for figure in written {
            lines.append("  figure: " + style.accent(figure.path ?? figure.file) + style.dim(" — " + figure.caption))
        }
        lines.append("")
        return lines
    }

    /// One check: mark, claim, and how it was checked.
    public func render(_ check: TourCheck) -> String {
        let mark = check.passed ? style.good("✓") : style.bad("✗")
        let how: String
        if check.tolerance == 0 {
            how = check.passed ? "\(check.method): exact" : "\(check.method): off by \(show(check.maxError))"
        } else {
            how = "\(check.method): error \(showRounded(check.maxError, digits: 2)) ≤ \(showRounded(check.tolerance, digits: 2))"
        }
        var line = "\(mark) \(check.claim)  " + style.dim("[\(how)]")
        if !check.passed {
            line += "\n      computed \(show(check.computed)), expected \(show(check.reference))"
        }
        return line
    }

    private func wrap(_ text: String, indent: String) -> [String] {
        var lines: [String] = []
        var current = indent
        let continuation = String(repeating: " ", count: indent.count)
        for word in text.split(separator: " ") {
            if current.count + word.count + 1 > width, current.trimmingCharacters(in: .whitespaces).count > 0 {
                lines.append(current)
                current = continuation
            }
            current += (current == indent || current == continuation ? "" : " ") + word
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { lines.append(current) }
        return lines
    }
}
