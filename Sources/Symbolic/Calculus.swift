import Rules

/// The gradient ∇f as expressions, one partial derivative per variable in `variables` order.
///
/// ```swift
/// symbolicGradient(of: try Expr(parsing: "x^2 + 2*y^2 + 3*z^2"), variables: ["x", "y", "z"])
/// // [2*x, 4*y, 6*z]
/// ```
public func symbolicGradient(of f: Expr, variables: [String]) -> [Expr] {
    variables.map { derivative(of: f, withRespectTo: $0) }
}

/// The Hessian ∇²f as expressions: entry (i, j) is ∂²f/∂xᵢ∂xⱼ.
public func symbolicHessian(of f: Expr, variables: [String]) -> [[Expr]] {
    symbolicGradient(of: f, variables: variables).map { symbolicGradient(of: $0, variables: variables) }
}

/// The directional derivative ∇f·v as one expression.
///
/// - Throws: `SymbolicError.dimensionMismatch` when `direction` and `variables` differ in length.
public func symbolicDirectionalDerivative(of f: Expr, along direction: [Double], variables: [String]) throws(SymbolicError) -> Expr {
    guard direction.count == variables.count else {
        throw .dimensionMismatch(what: "direction", expected: variables.count, actual: direction.count)
    }
    let gradient = symbolicGradient(of: f, variables: variables)
    return .sum(zip(gradient, direction).map { Expr.number($1) * $0 })
}
