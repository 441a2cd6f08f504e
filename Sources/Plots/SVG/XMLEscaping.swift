/// Escapes text for use inside an XML element or a double-quoted attribute value.
///
/// `&`, `<`, `>`, `"` and `'` become entities, and characters XML 1.0 forbids (most C0 controls)
/// are dropped, so any label — a user's expression included — yields a well-formed document.
///
/// ```swift
/// xmlEscaped("a < b & \"c\"")   // "a &lt; b &amp; &quot;c&quot;"
/// ```
public func xmlEscaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
        default:
            // XML 1.0 allows no other C0 control characters, nor U+FFFE/U+FFFF.
            if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}
