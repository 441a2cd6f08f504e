import ArgumentParser
import Foundation
import Slope

/// The options every math command shares: the expression, the variable order, the point, JSON output.
struct ExpressionOptions: ParsableArguments {
    @Argument(help: "The expression, e.g. \"x^2 + 2*y^2\" (quote it for the shell).")
    var expression: String

    @Option(name: .customLong("vars"), help: "Variable order, e.g. x,y,z (default: alphabetical).")
    var variableList: String?

    @Flag(help: "Print one JSON object on stdout instead of text.")
    var json = false

    /// The expression parsed and simplified (false kinks removed); a parse error is printed with its
    /// caret under the input, then the command exits with code 2.
    func function() throws -> Expr {
        do {
            return simplify(try Expr(parsing: expression))
        } catch {
            printError("\(error.description)\n\(error.caretLines)")
            throw ExitCode(2)
        }
    }

    /// `--vars` if given (it must name every variable the function uses), else the function's
    /// variables in alphabetical order.
    func variables(of f: Expr) throws -> [String] {
        let used = f.variables
        guard let list = variableList else { return used }
        let names = list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else {
            throw Failure("malformed --vars '\(list)': expected names separated by commas, such as x,y,z")
        }
        if Set(names).count != names.count { throw Failure("--vars '\(list)' names a variable twice") }
        if let missing = used.first(where: { !names.contains($0) }) {
            throw Failure("--vars does not list '\(missing)', which the expression uses")
        }
        return names
    }

    /// The point `--at x=1,y=2` in `variables` order.
    func point(_ text: String, variables: [String]) throws -> [Double] {
        do {
            return try PointParser.assignment(text, variables: variables)
        } catch {
            throw Failure("--at: \(error.description)")
        }
    }
}

/// Writes `slope: error: message` (possibly several lines) to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("slope: error: \(message)\n".utf8))
}

/// Formats a number as Slope prints numbers.
func show(_ x: Double) -> String { formatNumber(x) }

/// `[1, 2, 3]`.
func show(_ xs: [Double]) -> String { "[" + xs.map(formatNumber).joined(separator: ", ") + "]" }

/// `x=1, y=2`.
func showPoint(_ variables: [String], _ point: [Double]) -> String {
    zip(variables, point).map { "\($0)=\(formatNumber($1))" }.joined(separator: ", ")
}
