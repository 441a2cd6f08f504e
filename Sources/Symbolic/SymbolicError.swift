import Rules

/// A symbolic computation that cannot proceed, with a message a person can act on.
public enum SymbolicError: Error, Equatable, CustomStringConvertible {
    /// Two lengths that must agree do not.
    case dimensionMismatch(what: String, expected: Int, actual: Int)
    /// A point does not give a value to a variable the expression uses.
    case missingVariable(String)
    /// A point gives a value to a variable the expression does not use.
    case unknownVariable(String, known: [String])
    /// A value that should be a finite number is not.
    case notANumber(what: String, text: String)
    /// A point or vector is written wrongly.
    case malformed(what: String, text: String, expected: String)

    /// One line saying what is wrong.
    public var description: String {
        switch self {
        case let .dimensionMismatch(what, expected, actual):
            return "\(what) has \(actual) component\(actual == 1 ? "" : "s"), expected \(expected)"
        case let .missingVariable(name):
            return "no value for variable '\(name)': add \(name)=… to --at"
        case let .unknownVariable(name, known):
            let list = known.isEmpty ? "none" : known.joined(separator: ", ")
            return "unknown variable '\(name)' (the expression's variables: \(list))"
        case let .notANumber(what, text):
            return "\(what) '\(text)' is not a finite number"
        case let .malformed(what, text, expected):
            return "malformed \(what) '\(text)': expected \(expected)"
        }
    }
}
