/// How text output may look: colour (ANSI escapes) and Unicode only when a person is watching a
/// terminal; plain ASCII when piped, and no colour when `NO_COLOR` is set.
public struct TerminalStyle: Sendable, Equatable {
    /// Whether ANSI colour escapes may be written.
    public var color: Bool
    /// Whether non-ASCII characters (², ∇, ✓) may be written.
    public var unicode: Bool

    /// A style with the given capabilities.
    public init(color: Bool, unicode: Bool) {
        self.color = color
        self.unicode = unicode
    }

    /// Plain ASCII, no colour: for pipes, files and scripts.
    public static let plain = TerminalStyle(color: false, unicode: false)

    /// The style for an output stream: Unicode when it is a terminal; colour when it is a terminal,
    /// `NO_COLOR` is unset or empty (https://no-color.org) and `TERM` is not `dumb`.
    public static func detect(isTerminal: Bool, environment: [String: String]) -> TerminalStyle {
        guard isTerminal else { return .plain }
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let dumb = environment["TERM"] == "dumb"
        return TerminalStyle(color: !noColor && !dumb, unicode: true)
    }

    /// Text in bold (a heading).
    public func bold(_ s: String) -> String { paint(s, "1") }
    /// Text in green (a passed check).
    public func good(_ s: String) -> String { paint(s, "32") }
    /// Text in red (a failed check).
    public func bad(_ s: String) -> String { paint(s, "1;31") }
    /// Text in cyan (a heading's rule, a path).
    public func accent(_ s: String) -> String { paint(s, "36") }
    /// Dimmed text (remarks).
    public func dim(_ s: String) -> String { paint(s, "2") }

    /// The final form of a line: transliterated to ASCII unless Unicode is allowed.
    public func finish(_ s: String) -> String { unicode ? s : asciiFallback(s) }

    private func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
}
