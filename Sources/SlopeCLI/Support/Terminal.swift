import Foundation
import Tour

/// What the standard streams are connected to.
enum Terminal {
    /// The style for standard output: colour and Unicode only on a terminal, `NO_COLOR` respected.
    static var standardOutputStyle: TerminalStyle {
        TerminalStyle.detect(isTerminal: isatty(STDOUT_FILENO) == 1, environment: ProcessInfo.processInfo.environment)
    }

    /// The style for standard error.
    static var standardErrorStyle: TerminalStyle {
        TerminalStyle.detect(isTerminal: isatty(STDERR_FILENO) == 1, environment: ProcessInfo.processInfo.environment)
    }

    /// Writes `text` to standard error.
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
