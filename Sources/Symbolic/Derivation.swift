/// The rule that differentiates one node, as the article names them.
public enum DerivativeRule: String, Sendable, CaseIterable {
    /// d/dx x = 1.
    case variable = "variable"
    /// (u + v + …)′ = u′ + v′ + ….
    case sum = "sum rule"
    /// (c·u)′ = c·u′.
    case constantMultiple = "constant multiple"
    /// (u·v)′ = u′·v + u·v′.
    case product = "product rule"
    /// (u/v)′ = (u′·v − u·v′)/v², as the product rule on u·v⁻¹.
    case quotient = "quotient rule"
    /// (xⁿ)′ = n·xⁿ⁻¹.
    case power = "power rule"
    /// A primitive applied to the variable itself, read from the rule table: sin′ = cos.
    case table = "table"
    /// A kinked primitive (abs, relu, max, min): one piece on each side of the kink, the `KinkPolicy`'s
    /// subgradient at it.
    case kink = "kink"
    /// f(g(x))′ = f′(g(x))·g′(x).
    case chain = "chain rule"
    /// A piecewise expression (a derivative of a kink) differentiated piece by piece.
    case piecewise = "piecewise"
}

/// The parts of one application of the chain rule, f(g(x))′ = f′(g(x))·g′(x), spelled out.
public struct ChainRuleParts: Sendable {
    /// The outer function f(u), written in the placeholder variable.
    public let outer: Expr
    /// The placeholder variable's name (`u`).
    public let placeholder: String
    /// f′(u), from the rule table.
    public let outerDerivative: Expr
    /// The inner function g(x).
    public let inner: Expr
    /// g′(x).
    public let innerDerivative: Expr
}

/// One step of a derivation: the rule used at one node and the derivative it gives.
public struct DerivationStep: Sendable {
    /// The rule applied.
    public let rule: DerivativeRule
    /// The subexpression differentiated.
    public let expression: Expr
    /// Its derivative.
    public let derivative: Expr
    /// For the chain rule, its parts.
    public let chain: ChainRuleParts?
}

/// A derivative with the steps that produced it: a value; `DerivationPrinter` renders it as text or LaTeX.
public struct Derivation: Sendable {
    /// The function differentiated.
    public let function: Expr
    /// The variable.
    public let variable: String
    /// The derivative.
    public let result: Expr
    /// Every non-trivial node's step, inner nodes before outer ones (each shared node once).
    public let steps: [DerivationStep]
}
