import AutoDiff

/// The `hello` eval: `square` computes x², `double` its derivative 2x (by forward-mode AD).
public enum HelloEval: EvalModule {
    /// `"hello"`.
    public static let name = "hello"
    /// `square` and `double`.
    public static let functions = ["square", "double"]

    /// x², written once for every scalar type.
    public static func square<T: Scalar>(_ x: T) -> T { x * x }

    /// Decodes the bare-number input.
    public static func prepare(function: String, input: JSONValue) throws -> PreparedEvaluation {
        guard let x = input.number else { throw GradBenchError.badField(field: "input", expected: "a number") }
        if function == "square" { return .number { square(x) } }
        return .number { derivative(at: x, of: square) }
    }
}
