/// A JSON value, as the GradBench protocol exchanges them (one per line).
///
/// Numbers are `Double` (the protocol's ids, sizes and data all fit). Encoding prints numbers in
/// the shortest form that reads back exactly; non-finite numbers, which JSON cannot carry, print
/// as `null`.
public enum JSONValue: Equatable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object (key order is not kept).
    case object([String: JSONValue])

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The number, or nil for other kinds.
    public var number: Double? {
        if case .number(let x) = self { return x }
        return nil
    }

    /// The string, or nil for other kinds.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The elements of an array, or nil for other kinds.
    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// An array of numbers.
    public static func numbers(_ values: [Double]) -> JSONValue { .array(values.map(JSONValue.number)) }
}

extension JSONValue: Decodable {
    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let x = try? container.decode(Double.self) {
            self = .number(x)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}

extension JSONValue {
    /// The value as one line of JSON text.
    public var jsonText: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// Appends the value's JSON text.
    public func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let x): out += Self.numberText(x)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                v.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                Self.writeString(key, to: &out)
                out += ":"
                members[key, default: .null].write(to: &out)
            }
            out += "}"
        }
    }

    /// A number's JSON text: integers without a fraction, others in Swift's shortest round-trip form,
    /// and `null` for NaN and infinity (JSON has neither).
    public static func numberText(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// Appends `s` as a JSON string literal (quotes, backslashes and control characters escaped).
    public static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
