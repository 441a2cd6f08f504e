import SwiftDiagnostics
import SwiftSyntax

/// Why `@ReverseGradient` cannot generate a gradient, attached to the offending syntax.
struct MacroDiagnostic: DiagnosticMessage, Error {
    let message: String
    var diagnosticID: MessageID { MessageID(domain: "Slope.ReverseGradient", id: "unsupported") }
    var severity: DiagnosticSeverity { .error }

    init(_ message: String) { self.message = message }

    /// The error to throw for `node`.
    static func at(_ node: some SyntaxProtocol, _ message: String) -> DiagnosticsError {
        DiagnosticsError(diagnostics: [Diagnostic(node: Syntax(node), message: MacroDiagnostic(message))])
    }
}

extension DiagnosticsError {
    /// The same diagnostics on the nodes of `original` at the same places, for diagnostics on nodes
    /// of `folded`, its copy with operators folded: that copy has the same text, but the compiler
    /// cannot locate its nodes in the file.
    func located(from folded: some SyntaxProtocol, in original: some SyntaxProtocol) -> DiagnosticsError {
        DiagnosticsError(diagnostics: diagnostics.map { diagnostic in
            let offset = diagnostic.node.positionAfterSkippingLeadingTrivia.utf8Offset - folded.position.utf8Offset
            guard let token = original.token(at: original.position.advanced(by: offset)) else { return diagnostic }
            return Diagnostic(node: Syntax(token), message: diagnostic.diagMessage)
        })
    }
}
