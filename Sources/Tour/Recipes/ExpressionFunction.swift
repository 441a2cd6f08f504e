import Rules
import Symbolic

/// A parsed expression compiled onto the engine, usable wherever a `ScalarFunction` is: the same
/// program runs on `Double`, dual numbers and tape values.
///
/// ```swift
/// let f = try ExpressionFunction(try Expr(parsing: "x^2 + 2*y^2"))
/// f.variables          // ["x", "y"]
/// f([1.0, 2.0])        // 9
/// ```
public struct ExpressionFunction: ScalarFunction {
    /// The expression.
    public let expression: Expr
    /// The compiled program.
    public let program: Program

    /// Compiles `expression` over `variables` (default: its own, alphabetically).
    public init(_ expression: Expr, variables: [String]? = nil) throws {
        self.expression = expression
        program = try Program(compiling: expression, variables: variables ?? expression.variables)
    }

    /// The input names in order.
    public var variables: [String] { program.variables }

    /// The value at `inputs`.
    public func callAsFunction<T: Scalar>(_ inputs: [T]) -> T { program.value(at: inputs) }
}
