import Rules

/// The derivative of `f` with respect to `variable`, with the steps that produced it.
///
/// Every primitive's derivative comes from the engine's rule table (`Unary.derivative`,
/// `Binary.partials`) evaluated on expressions; kinked primitives become `ExprKind.kink` nodes.
/// Each distinct node is differentiated once (shared subexpressions stay shared), iteratively.
///
/// ```swift
/// let d = differentiate(try Expr(parsing: "(x + 1)^2"), withRespectTo: "x")
/// d.result.description                 // "2*(x + 1)"
/// DerivationPrinter.text(d)             // the chain rule, f(u) = u^2, g(x) = x + 1
/// ```
public func differentiate(_ f: Expr, withRespectTo variable: String) -> Derivation {
    var differentiator = Differentiator(variable: variable, recordSteps: true)
    let result = differentiator.derivative(of: f)
    return Derivation(function: f, variable: variable, result: result, steps: differentiator.steps)
}

/// The derivative of `f` with respect to `variable` (no steps recorded).
///
/// ```swift
/// derivative(of: try Expr(parsing: "x^2"), withRespectTo: "x").description   // "2*x"
/// ```
public func derivative(of f: Expr, withRespectTo variable: String) -> Expr {
    var differentiator = Differentiator(variable: variable, recordSteps: false)
    return differentiator.derivative(of: f)
}

/// The local partial of a primitive of one argument as an expression: the table's derivative, or for a
/// kinked primitive the piecewise combination of its two sides.
func tableDerivative(_ op: Unary, at x: Expr, value y: Expr) -> Expr {
    guard let rule = op.kink else { return op.derivative(at: x, value: y) }
    return .kink(selector: op.selector(x),
                 below: op.derivative(at: x, value: y, side: .below),
                 above: op.derivative(at: x, value: y, side: .above), rule: rule)
}

/// The local partials of a primitive of two arguments as expressions (see the unary overload).
func tablePartials(_ op: Binary, at a: Expr, _ b: Expr, value y: Expr) -> (Expr, Expr) {
    guard let rule = op.kink else { return op.partials(at: a, b, value: y) }
    let below = op.partials(at: a, b, value: y, side: .below)
    let above = op.partials(at: a, b, value: y, side: .above)
    let s = op.selector(a, b)
    return (piecewise(s, below.0, above.0, rule), piecewise(s, below.1, above.1, rule))
}

/// `kink(s, below, above)`, written `1 - heaviside(s)` when the pieces are (1, 0) so that it reads
/// well; at a tie both give `(1 − θ)·below + θ·above` exactly, under every policy.
func piecewise(_ s: Expr, _ below: Expr, _ above: Expr, _ rule: KinkRule) -> Expr {
    if below.isNumber(1) && above.isNumber(0) {
        return 1 - Expr.kink(selector: s, below: 0, above: 1, rule: rule)
    }
    return .kink(selector: s, below: below, above: above, rule: rule)
}

/// Forward symbolic differentiation over the DAG in topological order, one memo entry per node.
struct Differentiator {
    let variable: String
    let recordSteps: Bool
    var memo: [Expr: Expr] = [:]
    var steps: [DerivationStep] = []

    init(variable: String, recordSteps: Bool) {
        self.variable = variable
        self.recordSteps = recordSteps
    }

    mutating func derivative(of root: Expr) -> Expr {
        for node in root.topologicalOrder() where memo[node] == nil {
            memo[node] = differentiateNode(node)
        }
        return memo[root] ?? 0
    }

    func d(_ e: Expr) -> Expr { memo[e] ?? 0 }

    mutating func record(_ rule: DerivativeRule, _ e: Expr, _ result: Expr, chain: ChainRuleParts? = nil) {
        if recordSteps { steps.append(DerivationStep(rule: rule, expression: e, derivative: result, chain: chain)) }
    }

    var placeholder: String { variable == "u" ? "v" : "u" }

    mutating func differentiateNode(_ e: Expr) -> Expr {
        switch e.kind {
        case .number, .constant:
            return 0
        case .variable(let name):
            return name == variable ? 1 : 0
        case .sum(let terms):
            var parts: [Expr] = []
            for term in terms where !d(term).isNumber(0) {
                parts.append(Binary.add.partials(at: term, e, value: e).0 * d(term))
            }
            let result = Expr.sum(parts)
            if !parts.isEmpty { record(.sum, e, result) }
            return result
        case .product(let factors):
            var parts: [Expr] = []
            var dependent = 0
            var divides = false
            for (i, factor) in factors.enumerated() where !d(factor).isNumber(0) {
                var others = factors
                others.remove(at: i)
                let rest = Expr.product(others)
                parts.append(Binary.multiply.partials(at: factor, rest, value: e).0 * d(factor))
                dependent += 1
                if case .unary(.powInt(let n), _) = factor.kind, n < 0 { divides = true }
            }
            let result = Expr.sum(parts)
            if dependent > 0 {
                record(dependent == 1 ? .constantMultiple : (divides ? .quotient : .product), e, result)
            }
            return result
        case .unary(let op, let u):
            let du = d(u)
            if du.isNumber(0) { return 0 }
            let result = tableDerivative(op, at: u, value: e) * du
            if case .variable = u.kind {
                let rule: DerivativeRule
                switch op {
                case .powInt, .power: rule = .power
                default: rule = op.kink == nil ? .table : .kink
                }
                record(rule, e, result)
            } else if recordSteps {
                let p = Expr.variable(placeholder)
                let outer = Expr.unary(op, p)
                let parts = ChainRuleParts(outer: outer, placeholder: placeholder,
                                           outerDerivative: tableDerivative(op, at: p, value: outer),
                                           inner: u, innerDerivative: du)
                record(.chain, e, result, chain: parts)
            }
            return result
        case .binary(let op, let a, let b):
            let (da, db) = (d(a), d(b))
            if da.isNumber(0) && db.isNumber(0) { return 0 }
            let (pa, pb) = tablePartials(op, at: a, b, value: e)
            let result = Expr.sum([pa * da, pb * db])
            let simple = { (x: Expr) in if case .variable = x.kind { true } else { x.isConstant } }
            record(simple(a) && simple(b) ? (op.kink == nil ? .table : .kink) : .chain, e, result)
            return result
        case .kink(let s, let below, let above, let rule):
            let result = Expr.kink(selector: s, below: d(below), above: d(above), rule: rule)
            if !result.isNumber(0) { record(.piecewise, e, result) }
            return result
        }
    }
}
