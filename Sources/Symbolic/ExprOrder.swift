import Rules

/// The canonical order of operands in sums and products: a total order on cached per-node keys that
/// reads naturally (`x^2 + 2*y^2 + 3*z^2`, `b + w*x - y`, `2*x*(x + 1)`): numbers, then atoms,
/// powers and products by their alphabetically first variable and exponent, then function
/// applications, then sums; ties broken by a deterministic structural fingerprint.
enum ExprOrder {
    /// Whether `a` comes before `b`.
    static func precedes(_ a: Expr, _ b: Expr) -> Bool {
        let (ka, kb) = (a.node, b.node)
        if ka.sortClass != kb.sortClass { return ka.sortClass < kb.sortClass }
        if ka.lead != kb.lead { return ka.lead < kb.lead }
        let (ea, eb) = (exponent(a), exponent(b))
        if ea != eb { return ea < eb }
        if ka.fingerprint != kb.fingerprint { return ka.fingerprint < kb.fingerprint }
        return ka.id < kb.id
    }

    static func exponent(_ e: Expr) -> Double {
        switch e.kind {
        case .unary(.powInt(let n), _): Double(n)
        case .unary(.power(let c), _): c
        case .number(let c): c
        default: 1
        }
    }
}

extension ExprKind {
    /// Numbers 0, constants 1, variables, powers of atoms and products 2, functions 3, sums 4.
    var sortClass: Int {
        switch self {
        case .number: return 0
        case .constant: return 1
        case .variable, .product: return 2
        case .unary(.powInt, let b), .unary(.power, let b):
            switch b.kind {
            case .variable, .constant: return 2
            default: return b.node.sortClass
            }
        case .unary, .binary, .kink: return 3
        case .sum: return 4
        }
    }

    /// The alphabetically first variable name in the expression ("" for none).
    var lead: String {
        if case .variable(let name) = self { return name }
        return children.map { $0.node.lead }.filter { !$0.isEmpty }.min() ?? ""
    }

    /// A deterministic structural hash (FNV-1a over the kind, payload and operands' fingerprints).
    var fingerprint: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ x: UInt64) { h = (h ^ x) &* 0x0000_0100_0000_01b3 }
        func mix(_ s: String) { for b in s.utf8 { mix(UInt64(b)) } }
        switch self {
        case .number(let c): mix(1); mix(c.bitPattern)
        case .constant(let n, _): mix(2); mix(n)
        case .variable(let n): mix(3); mix(n)
        case .sum: mix(4)
        case .product: mix(5)
        case .unary(let op, _):
            mix(6); mix(op.name)
            if case .powInt(let n) = op { mix(UInt64(bitPattern: Int64(n))) }
            if case .power(let c) = op { mix(c.bitPattern) }
        case .binary(let op, _, _): mix(7); mix(op.name)
        case .kink(_, _, _, let rule): mix(8); mix(rule.minimumNormWeight.bitPattern)
        }
        for child in children { mix(child.node.fingerprint) }
        return h
    }
}
