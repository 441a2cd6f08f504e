/// Why a text could not be read as an expression, and where.
public struct ParseError: Error, Equatable, CustomStringConvertible {
    /// What was expected or what is wrong (`expected an expression`, `unknown function 'foo'`).
    public let message: String
    /// The 0-based character offset in `input` where the problem is.
    public let position: Int
    /// The text that was parsed.
    public let input: String

    /// Creates an error.
    public init(_ message: String, at position: Int, in input: String) {
        self.message = message
        self.position = position
        self.input = input
    }

    /// One line: the message and the 1-based column.
    public var description: String { "\(message) at column \(position + 1)" }

    /// Two lines showing the input (a window of it, for long inputs) with a caret under the position.
    public var caretLines: String {
        let characters = input.unicodeScalars.map(Character.init)
        let window = 60
        let start = Swift.max(0, Swift.min(position - window / 2, characters.count - window))
        let end = Swift.min(characters.count, start + window)
        let shown = characters[start..<end].map { $0 == "\n" || $0 == "\t" ? " " : $0 }
        let prefix = start > 0 ? "…" : ""
        let suffix = end < characters.count ? "…" : ""
        let caret = String(repeating: " ", count: prefix.count + position - start) + "^"
        return "  " + prefix + String(shown) + suffix + "\n  " + caret
    }
}
