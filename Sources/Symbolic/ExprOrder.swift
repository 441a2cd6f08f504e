import Rules

/// The canonical order of operands in sums and products: a total order that reads naturally
/// (`x^2 + 2*y^2 + 3*z^2`, `2*w*x`): a power is ordered by its base first, then by its exponent.
enum ExprOrder {
    /// Below this depth the comparison falls back to interning order, which keeps it iterative-safe.
    static let depthLimit = 64

    /// Whether `a` comes before `b`.
    static func precedes(_ a: Expr, _ b: Expr) -> Bool { compare(a, b, depth: 0) < 0 }

    static func compare(_ a: Expr, _ b: Expr, depth: Int) -> Int {
        if a == b { return 0 }
        if depth > depthLimit { return a.id < b.id ? -1 : 1 }
        let (baseA, expA) = baseAndExponent(a)
        let (baseB, expB) = baseAndExponent(b)
        if baseA != baseB { return compareCore(baseA, baseB, depth: depth + 1) }
        return expA < expB ? -1 : (expA > expB ? 1 : compareCore(a, b, depth: depth + 1))
    }

    static func baseAndExponent(_ e: Expr) -> (Expr, Double) {
        switch e.kind {
        case .unary(.powInt(let n), let b): return (b, Double(n))
        case .unary(.power(let c), let b): return (b, c)
        default: return (e, 1)
        }
    }

    static func rank(_ e: Expr) -> Int {
        switch e.kind {
        case .number: 0
        case .constant: 1
        case .variable: 2
        case .product: 3
        case .unary: 4
        case .binary: 5
        case .kink: 6
        case .sum: 7
        }
    }

    static func compareCore(_ a: Expr, _ b: Expr, depth: Int) -> Int {
        if a == b { return 0 }
        // A product sorts by its leading factor among non-products (b + w*x + y), after it on a tie.
        if case .product(let fa) = a.kind, rank(b) != 3, rank(b) != 0, let lead = fa.first(where: { $0.numberValue == nil }) {
            let c = compare(lead, b, depth: depth + 1)
            return c != 0 ? c : 1
        }
        if case .product(let fb) = b.kind, rank(a) != 3, rank(a) != 0, let lead = fb.first(where: { $0.numberValue == nil }) {
            let c = compare(a, lead, depth: depth + 1)
            return c != 0 ? c : -1
        }
        let ra = rank(a), rb = rank(b)
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a.kind, b.kind) {
        case let (.number(x), .number(y)): return x < y ? -1 : (x > y ? 1 : (a.id < b.id ? -1 : 1))
        case let (.constant(x, _), .constant(y, _)): return x < y ? -1 : 1
        case let (.variable(x), .variable(y)): return x < y ? -1 : 1
        case let (.unary(f, _), .unary(g, _)) where f != g:
            let (nf, ng) = (opKey(f), opKey(g))
            return nf < ng ? -1 : (nf > ng ? 1 : (a.id < b.id ? -1 : 1))
        case let (.binary(f, _, _), .binary(g, _, _)) where f != g:
            return f.name < g.name ? -1 : 1
        default:
            let ca = a.children, cb = b.children
            for (x, y) in zip(ca, cb) {
                let c = compare(x, y, depth: depth + 1)
                if c != 0 { return c }
            }
            if ca.count != cb.count { return ca.count < cb.count ? -1 : 1 }
            return a.id < b.id ? -1 : 1
        }
    }

    static func opKey(_ op: Unary) -> String {
        switch op {
        case .powInt(let n): "pow\(n)"
        case .power(let c): "pow\(c)"
        default: op.name
        }
    }
}
