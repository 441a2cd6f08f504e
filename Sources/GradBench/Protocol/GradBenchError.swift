/// Why a GradBench message could not be served; the session sends `description` back as the
/// response's `error` string and keeps serving.
public enum GradBenchError: Error, Equatable, CustomStringConvertible {
    /// The line is not JSON, or not a JSON object.
    case malformed(String)
    /// A required field is missing or has the wrong type (`field` is its path, e.g. `input.x`).
    case badField(field: String, expected: String)
    /// A field has the right type but an unusable value.
    case badValue(field: String, reason: String)
    /// The message's `kind` is not one the protocol defines.
    case unknownKind(String)
    /// No eval module of this name is implemented.
    case unknownModule(String)
    /// The module has no function of this name.
    case unknownFunction(module: String, function: String)
    /// An `evaluate` arrived for a module that was never defined.
    case undefinedModule(String)

    /// One line saying what is wrong.
    public var description: String {
        switch self {
        case .malformed(let why): "malformed message: \(why)"
        case let .badField(field, expected): "bad input: field `\(field)` must be \(expected)"
        case let .badValue(field, reason): "bad input: field `\(field)` \(reason)"
        case .unknownKind(let kind): "unknown message kind `\(kind)` (expected start, define, evaluate or analysis)"
        case .unknownModule(let name): "module `\(name)` is not implemented by slope"
        case let .unknownFunction(module, function): "module `\(module)` has no function `\(function)`"
        case .undefinedModule(let name): "module `\(name)` was not defined first (send a define message)"
        }
    }
}
