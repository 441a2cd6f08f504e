import Slope

/// A JSON value written by the commands (`--json`), with keys kept in the order given.
///
/// JSON has no NaN or infinity, so non-finite numbers are written as the strings `"nan"`, `"inf"`
/// and `"-inf"`, as the `Encodable` reports of `tour`, `plot` and `minimize` write them; `null`
/// stays free to mean "not applicable".
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
        case .number(let x): return x.isFinite ? JSONOutput.number(x) : JSONOutput.quoted(JSONOutput.nonFiniteName(x))
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let pairs): return "{" + pairs.map { JSONOutput.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    /// The name a non-finite number is written under, the same in every command.
    static func nonFiniteName(_ x: Double) -> String { x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }

    /// A number's JSON text (integers without a fraction), shared with the GradBench protocol.
    static func number(_ x: Double) -> String { JSONValue.numberText(x) }

    /// A JSON string literal, escaped as the GradBench protocol escapes it.
    static func quoted(_ s: String) -> String {
        var out = ""
        JSONValue.writeString(s, to: &out)
        return out
    }
}
