import ArgumentParser
import Foundation
import Tour

/// `slope tour`: the article, section by section, computed, checked and drawn.
struct TourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tour",
        abstract: "Walk through \"Understanding the Basics of Gradients\": every section computed, checked and drawn.",
        discussion: """
        Sections: 1 derivatives, 2 gradients, 3 subgradients, 4 the chain rule, 5 practical gradients \
        and linear regression. Each prints the formula, Slope's result, the numbers at a point and \
        the checks behind them. Exit code 1 if any check fails.
        """
    )

    @Option(name: .long, help: "Run only section N (1–5).")
    var section: Int?

    @Option(name: .long, help: "Directory for the figures.")
    var out = "slope-tour"

    @Flag(name: .long, help: "Do not write figures.")
    var noPlots = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let section, !Tour.sectionNumbers.contains(section) {
            throw ValidationError(TourError.noSuchSection(section).description)
        }
    }

    func run() throws {
        let directory = noPlots ? nil : URL(fileURLWithPath: out)
        let report = try Tour.run(sections: section.map { [$0] }, figureDirectory: directory)
        if output.json {
            print(try output.jsonText(report), terminator: "")
        } else if !output.quiet {
            print(TourTextPrinter(style: Terminal.standardOutputStyle).render(report), terminator: "")
        }
        if !report.passed {
            if output.quiet || output.json {
                let printer = TourTextPrinter(style: Terminal.standardErrorStyle)
                for check in report.checks where !check.passed {
                    Terminal.printError(Terminal.standardErrorStyle.finish(printer.render(check)) + "\n")
                }
            }
            throw ExitCode(1)
        }
    }
}
