/// Replacements that keep mathematical text readable in plain ASCII, longest match first.
private let asciiReplacements: [(String, String)] = [
    ("∇_", "grad_"), ("∇", "grad "), ("‖", "||"), ("²", "^2"), ("³", "^3"), ("′", "'"), ("−", "-"),
    ("·", "*"), ("∈", "in"), ("∂", "d"), ("Σ", "sum"), ("≈", "~"), ("≤", "<="), ("≥", ">="), ("→", "->"),
    ("←", "<-"), ("×", "x"), ("√", "sqrt"), ("θ", "theta"), ("η", "eta"), ("λ", "lambda"), ("ε", "eps"),
    ("ᵢ", "_i"), ("ⱼ", "_j"), ("ₙ", "_n"), ("₀", "0"), ("₁", "1"), ("₂", "2"), ("₃", "3"), ("₄", "4"),
    ("—", "--"), ("–", "-"), ("✓", "ok"), ("✗", "FAIL"), ("∘", " o "), ("…", "..."), ("⁻", "-"),
    ("═", "="), ("─", "-"), ("•", "*"), ("“", "\""), ("”", "\""), ("’", "'"), ("‘", "'"),
]

/// `text` in plain ASCII: mathematical symbols spelled out (x² → x^2, ∇f → grad f, ‖w‖ → ||w||,
/// ✓ → ok), and any other non-ASCII character replaced by `?`.
///
/// ```swift
/// asciiFallback("∇‖w‖² = 2w")   // "grad ||w||^2 = 2w"
/// ```
public func asciiFallback(_ text: String) -> String {
    var s = text
    for (from, to) in asciiReplacements where s.contains(from) {
        s = s.replacingOccurrences(of: from, with: to)
    }
    if s.unicodeScalars.allSatisfy(\.isASCII) { return s }
    return String(String.UnicodeScalarView(s.unicodeScalars.map { $0.isASCII ? $0 : "?" }))
}
