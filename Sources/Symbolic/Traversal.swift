/// A bottom-up rewrite of a DAG: `transform` sees each distinct node once, after its operands, with a
/// function giving the already-rewritten operands. Iterative, so safe for any depth.
func rewriteBottomUp(_ root: Expr, _ transform: (Expr, (Expr) -> Expr) -> Expr) -> Expr {
    var memo: [Expr: Expr] = [:]
    for node in root.topologicalOrder() {
        memo[node] = transform(node) { memo[$0] ?? $0 }
    }
    return memo[root] ?? root
}

extension Expr {
    /// Rebuilds this node with new operands through the canonicalizing constructors.
    func rebuilt(_ children: [Expr]) -> Expr {
        switch kind {
        case .number, .constant, .variable: return self
        case .sum: return .sum(children)
        case .product: return .product(children)
        case .unary(let op, _): return .unary(op, children[0])
        case .binary(let op, _, _): return .binary(op, children[0], children[1])
        case .kink(_, _, _, let rule): return .kink(selector: children[0], below: children[1], above: children[2], rule: rule)
        }
    }
}
