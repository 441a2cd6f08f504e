import Rules

/// Simplifies an expression: the canonical constructors (numbers folded, like terms and like powers
/// collected) plus rewrites that remove false kinks — points where a formula has a non-differentiable
/// primitive although the function it denotes is smooth, which every AD engine trips on:
///
/// - `sqrt(u^2)` → `abs(u)` (a true kink, but with the right subdifferential instead of NaN)
/// - `abs(u)^n` → `u^n` for even n
/// - `relu(u) - relu(-u)` → `u`
/// - `max(u, 0) + min(u, 0)` → `u`
///
/// Values are preserved wherever the original is defined. Cost: linear in the number of distinct
/// nodes (each shared node is simplified once).
///
/// ```swift
/// simplify(try Expr(parsing: "abs(x)^2")).description   // "x^2"
/// ```
public func simplify(_ e: Expr) -> Expr {
    rewriteBottomUp(e) { node, rewritten in
        removingFalseKinks(node.rebuilt(node.children.map(rewritten)))
    }
}

/// Applies the false-kink rewrites at the top of one (already canonical) node.
func removingFalseKinks(_ e: Expr) -> Expr {
    switch e.kind {
    case .unary(.sqrt, let u), .unary(.power(0.5), let u):
        if case .unary(.powInt(2), let v) = u.kind { return .unary(.abs, v) }
    case .unary(.powInt(let n), let u) where n % 2 == 0:
        if case .unary(.abs, let v) = u.kind { return .unary(.powInt(n), v) }
    case .sum(let terms):
        return mergingKinkPairs(terms) ?? e
    default:
        break
    }
    return e
}

/// `c·relu(u) − c·relu(−u)` → `c·u` and `c·max(u, 0) + c·min(u, 0)` → `c·u` inside one sum's terms.
private func mergingKinkPairs(_ terms: [Expr]) -> Expr? {
    var remaining = terms.map { $0.splitCoefficient() }
    var merged: [Expr] = []
    var changed = false
    var i = 0
    while i < remaining.count {
        let (c, m) = remaining[i]
        var partner: (Double, Expr)? = nil
        var replacement: Expr? = nil
        switch m.kind {
        case .unary(.relu, let u):
            partner = (-c, .unary(.relu, Expr.negated(u)))
            replacement = u
        case .binary(.max, let a, let b) where a.isNumber(0) || b.isNumber(0):
            let u = a.isNumber(0) ? b : a
            partner = (c, .binary(.min, u, 0))
            if let p = partner, !remaining.contains(where: { $0.0 == p.0 && $0.1 == p.1 }) {
                partner = (c, .binary(.min, 0, u))
            }
            replacement = u
        default: break
        }
        if let (pc, pm) = partner, let u = replacement,
           let j = remaining.indices.first(where: { $0 != i && remaining[$0].0 == pc && remaining[$0].1 == pm }) {
            // Keep the positive coefficient outside: 3*(y + 1), not -3*(-y - 1).
            merged.append(c < 0 ? Expr.scaled(Expr.negated(u), by: -c) : Expr.scaled(u, by: c))
            for k in [i, j].sorted(by: >) { remaining.remove(at: k) }
            changed = true
            i = 0
            continue
        }
        i += 1
    }
    guard changed else { return nil }
    return .sum(merged + remaining.map { Expr.scaled($0.1, by: $0.0) })
}
