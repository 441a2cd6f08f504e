import Rules

/// `Expr` is a `ScalarArithmetic`, so the engine's one derivative table, evaluated on expressions,
/// yields symbolic derivatives: `Unary.sin.derivative(at: x, value: sin(x))` is the expression `cos(x)`.
extension Expr: ScalarArithmetic {
    /// The numeric literal `constant`.
    public init(_ constant: Double) { self = .number(constant) }

    /// Applies a primitive of one argument (canonicalized).
    public static func apply(_ op: Unary, _ x: Expr) -> Expr { unary(op, x) }
    /// Applies a primitive of two arguments (canonicalized).
    public static func apply(_ op: Binary, _ a: Expr, _ b: Expr) -> Expr { binary(op, a, b) }
}

extension Expr: ExpressibleByStringLiteral {
    /// A variable named by the literal: `let x: Expr = "x"`.
    public init(stringLiteral name: String) { self = .variable(name) }
}
