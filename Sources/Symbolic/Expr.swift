import Rules

/// A symbolic expression: an immutable, hash-consed node of an expression DAG.
///
/// Every `Expr` is built through canonicalizing constructors (sums and products are n-ary, flattened,
/// with like terms and like powers collected and a deterministic order) and interned: two structurally
/// equal expressions are the same node, so `==` is a pointer comparison and shared subexpressions stay
/// shared. Algorithms (simplification, differentiation, printing, compilation) walk the DAG in
/// topological order with a memo per node, never by recursion, so deep expressions cannot overflow
/// the stack and shared subexpressions are processed once.
///
/// ```swift
/// let f = try Expr(parsing: "x^2 + 2*y^2")
/// derivative(of: f, withRespectTo: "x").description   // "2*x"
/// ```
public struct Expr: Hashable, Sendable {
    /// The interned node.
    @usableFromInline let node: ExprNode

    @usableFromInline init(node: ExprNode) { self.node = node }

    /// What kind of node this is, with its operands.
    public var kind: ExprKind { node.kind }
    /// A number unique to this node for the life of the process (the interning order).
    public var id: Int { node.id }

    /// Structural equality (a pointer comparison, thanks to interning).
    public static func == (a: Expr, b: Expr) -> Bool { a.node === b.node }
    /// Hashes the node's identity.
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(node)) }
}

/// The kinds of nodes an `Expr` can be.
public enum ExprKind: Sendable {
    /// A numeric literal.
    case number(Double)
    /// A named mathematical constant (`pi`, `e`) with its value.
    case constant(String, Double)
    /// A variable.
    case variable(String)
    /// An n-ary sum (at least two terms; no term is itself a sum; a numeric term comes last).
    case sum([Expr])
    /// An n-ary product (at least two factors; no factor is itself a product; a numeric coefficient first).
    case product([Expr])
    /// A primitive of one argument (never `negate`: −u is the product −1·u).
    case unary(Unary, Expr)
    /// A primitive of two arguments: only `pow`, `max` and `min` (the arithmetic ones become sums and products).
    case binary(Binary, Expr, Expr)
    /// The derivative of a kinked primitive: `below` where `selector` < 0 (or NaN), `above` where it is
    /// positive, and at an exact tie the mix `(1 − θ)·below + θ·above` with θ from the `KinkPolicy` in
    /// force when it is evaluated — exactly what forward and reverse mode do.
    case kink(selector: Expr, below: Expr, above: Expr, rule: KinkRule)
}

/// The storage of one interned expression node.
public final class ExprNode: Sendable {
    /// The interning order.
    let id: Int
    /// The node's kind and operands.
    let kind: ExprKind
    /// The length of the longest path to a leaf (leaves are 0).
    let height: Int
    /// Cached keys of the canonical order (see `ExprOrder`).
    let sortClass: Int
    let lead: String
    let fingerprint: UInt64

    init(id: Int, kind: ExprKind) {
        self.id = id
        self.kind = kind
        self.height = (kind.children.map { $0.node.height }.max() ?? -1) + 1
        self.sortClass = kind.sortClass
        self.lead = kind.lead
        self.fingerprint = kind.fingerprint
    }
}

extension ExprKind {
    /// The operands, in order.
    public var children: [Expr] {
        switch self {
        case .number, .constant, .variable: return []
        case .sum(let terms): return terms
        case .product(let factors): return factors
        case .unary(_, let x): return [x]
        case .binary(_, let a, let b): return [a, b]
        case .kink(let s, let below, let above, _): return [s, below, above]
        }
    }
}

extension Expr {
    /// The operands, in order.
    public var children: [Expr] { node.kind.children }
    /// The length of the longest path from this node to a leaf.
    public var height: Int { node.height }

    /// The number this node is, if it is a numeric literal.
    public var numberValue: Double? {
        if case .number(let c) = kind { return c }
        return nil
    }

    /// Whether this node is the numeric literal `c`.
    public func isNumber(_ c: Double) -> Bool { numberValue == c }

    /// The variable names this expression uses, sorted alphabetically.
    public var variables: [String] {
        var names = Set<String>()
        for e in topologicalOrder() { if case .variable(let n) = e.kind { names.insert(n) } }
        return names.sorted()
    }

    /// Whether this expression contains no variable.
    public var isConstant: Bool { variables.isEmpty }

    /// The number of distinct nodes in the DAG (shared subexpressions counted once).
    public var nodeCount: Int { topologicalOrder().count }

    /// Every distinct node reachable from this one, each after all of its operands (iterative
    /// depth-first post-order: safe for any depth).
    public func topologicalOrder() -> [Expr] {
        var order: [Expr] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Expr, Bool)] = [(self, false)]
        while let (e, expanded) = stack.popLast() {
            if expanded { order.append(e); continue }
            if !visited.insert(ObjectIdentifier(e.node)).inserted { continue }
            stack.append((e, true))
            for child in e.children.reversed() where !visited.contains(ObjectIdentifier(child.node)) {
                stack.append((child, false))
            }
        }
        return order
    }
}
