/// A JSON value written by the commands (`--json`), with keys kept in the order given and non-finite
/// numbers written as `null` (JSON has no NaN or infinity).
indirect enum JSONOutput {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JSONOutput])
    case object([(String, JSONOutput)])
    case null

    /// Numbers as an array.
    static func numbers(_ values: [Double]) -> JSONOutput { .array(values.map(JSONOutput.number)) }
    /// Strings as an array.
    static func strings(_ values: [String]) -> JSONOutput { .array(values.map(JSONOutput.string)) }

    /// Compact JSON text.
    var text: String {
        switch self {
        case .string(let s): return JSONOutput.quoted(s)
        case .number(let x): return x.isFinite ? JSONOutput.number(x) : "null"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let pairs): return "{" + pairs.map { JSONOutput.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    static func number(_ x: Double) -> String {
        if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
