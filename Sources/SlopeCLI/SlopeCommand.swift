import ArgumentParser
import Foundation
import Slope

/// `slope`: derivatives, gradients and subgradients from the command line.
@main
struct SlopeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slope",
        abstract: "Exact derivatives, gradients and subgradients — and minimizing losses with them.",
        discussion: "Start with `slope tour`. Exit codes: 0 ok, 1 a check failed, 2 bad input.",
        subcommands: [
            // One line per command, in the article's order; each lives in Commands/NAME.swift.
            TourCommand.self,
            DeriveCommand.self,
            GradientCommand.self,
            DirectionalCommand.self,
            SubgradientCommand.self,
            HessianCommand.self,
            CheckCommand.self,
            PlotCommand.self,
            MinimizeCommand.self,
            FitCommand.self,
            GradBenchCommand.self,
        ]
    )

    /// Parses, runs, and maps every failure to one line on stderr and exit code 2 (bad input);
    /// `--help` and `--version` still exit 0.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit {
                self.exit(withError: error)
            }
            let message = fullMessage(for: error)
                .split(separator: "\n", omittingEmptySubsequences: true)
                .first.map(String.init) ?? "\(error)"
            let line = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
            FileHandle.standardError.write(Data("slope: error: \(line)\n".utf8))
            Foundation.exit(2)
        }
    }
}
