import Rules

// The canonicalizing constructors. Every Expr is built through these, so every Expr is canonical:
// sums and products flattened, numbers folded, like terms and like powers collected, operands in
// `ExprOrder`. Each rule preserves the value wherever the original expression is defined.

extension Expr {
    /// The numeric literal `c` (−0 is stored as 0).
    public static func number(_ c: Double) -> Expr { intern(.number(c == 0 ? 0 : c)) }
    /// The variable `name`.
    public static func variable(_ name: String) -> Expr { intern(.variable(name)) }
    /// π.
    public static let pi = intern(.constant("pi", Double.pi))
    /// Euler's number e.
    public static let e = intern(.constant("e", 2.718281828459045))

    /// The canonical sum of `terms`.
    public static func sum(_ terms: [Expr]) -> Expr {
        var constant = 0.0
        var order: [Expr] = []
        var coefficients: [Expr: Double] = [:]
        func add(_ term: Expr) {
            if let c = term.numberValue { constant += c; return }
            let (c, monomial) = term.splitCoefficient()
            if let old = coefficients[monomial] {
                coefficients[monomial] = old + c
            } else {
                coefficients[monomial] = c
                order.append(monomial)
            }
        }
        for term in terms {
            if case .sum(let inner) = term.kind { inner.forEach(add) } else { add(term) }
        }
        order.sort(by: ExprOrder.precedes)
        var result: [Expr] = []
        for monomial in order {
            let c = coefficients[monomial] ?? 0
            if c == 0 { continue }
            result.append(c == 1 ? monomial : scaled(monomial, by: c))
        }
        // A term −1·(a + b) distributes into a sum; collect again.
        if result.contains(where: { if case .sum = $0.kind { true } else { false } }) {
            return sum(result + [.number(constant)])
        }
        if constant != 0 || constant.isNaN { result.append(.number(constant)) }
        if result.isEmpty { return .number(0) }
        if result.count == 1 { return result[0] }
        return intern(.sum(result))
    }

    /// The canonical product of `factors`.
    public static func product(_ factors: [Expr]) -> Expr {
        var coefficient = 1.0
        var order: [Expr] = []
        var exponents: [Expr: Exponent] = [:]
        func multiply(_ factor: Expr) {
            if let c = factor.numberValue { coefficient *= c; return }
            let (base, exponent) = Exponent.split(factor)
            if let old = exponents[base] {
                exponents[base] = old + exponent
            } else {
                exponents[base] = exponent
                order.append(base)
            }
        }
        for factor in factors {
            if case .product(let inner) = factor.kind { inner.forEach(multiply) } else { multiply(factor) }
        }
        if coefficient == 0 { return .number(0) }
        var result: [Expr] = []
        for base in order {
            guard let exponent = exponents[base] else { continue }
            let factor = exponent.apply(to: base)
            if let c = factor.numberValue { coefficient *= c; continue }
            if case .product(let inner) = factor.kind {
                for f in inner { if let c = f.numberValue { coefficient *= c } else { result.append(f) } }
            } else {
                result.append(factor)
            }
        }
        if coefficient == 0 { return .number(0) }
        result.sort(by: ExprOrder.precedes)
        if result.isEmpty { return .number(coefficient) }
        if coefficient == 1 && result.count == 1 { return result[0] }
        // −(a + b) reads better as −a − b; other coefficients stay outside (2*(x + 1)).
        if coefficient == -1 && result.count == 1, case .sum(let terms) = result[0].kind {
            return sum(terms.map { negated($0) })
        }
        if coefficient != 1 { result.insert(.number(coefficient), at: 0) }
        return intern(.product(result))
    }

    /// −e.
    static func negated(_ e: Expr) -> Expr { scaled(e, by: -1) }

    /// c·e without re-collecting e's factors (e is canonical).
    static func scaled(_ e: Expr, by c: Double) -> Expr {
        if c == 1 { return e }
        if let v = e.numberValue { return .number(c * v) }
        if case .product(let factors) = e.kind {
            if let k = factors[0].numberValue {
                let rest = Array(factors.dropFirst())
                let total = c * k
                if total == 1 { return rest.count == 1 ? rest[0] : intern(.product(rest)) }
                return product([.number(total)] + rest)
            }
            if c == 0 { return .number(0) }
            return intern(.product([.number(c)] + factors))
        }
        return product([.number(c), e])
    }

    /// This term as (numeric coefficient, the rest).
    func splitCoefficient() -> (Double, Expr) {
        guard case .product(let factors) = kind, let c = factors[0].numberValue else { return (1, self) }
        let rest = Array(factors.dropFirst())
        return (c, rest.count == 1 ? rest[0] : Expr.intern(.product(rest)))
    }

    /// A primitive of one argument, canonicalized.
    public static func unary(_ op: Unary, _ x: Expr) -> Expr {
        switch op {
        case .negate: return negated(x)
        case .powInt(0): return .number(1)
        case .powInt(1): return x
        case .power(let c) where c == 1: return x
        case .power(let c) where c == 0: return .number(1)
        case .power(let c) where c == c.rounded() && Swift.abs(c) <= Exponent.integerLimit: return unary(.powInt(Int(c)), x)
        default: break
        }
        if let c = x.numberValue {
            let v = op.evaluate(c)
            switch op {
            case .abs, .relu, .powInt: if v.isFinite { return .number(v) }
            default: if v.isFinite && v == v.rounded() { return .number(v) }
            }
        }
        if case .powInt(let n) = op {
            switch x.kind {
            case .unary(.powInt(let m), let base):
                let (nm, overflow) = n.multipliedReportingOverflow(by: m)
                if !overflow && Swift.abs(nm) <= 1 << 30 { return unary(.powInt(nm), base) }
            case .unary(.power(let c), let base):
                // (b^c)^n = b^(c·n) wherever b^c is defined.
                return unary(.power(c * Double(n)), base)
            case .product(let factors):
                return product(factors.map { unary(.powInt(n), $0) })
            default: break
            }
        }
        return intern(.unary(op, x))
    }

    /// A primitive of two arguments, canonicalized (arithmetic becomes sums and products).
    public static func binary(_ op: Binary, _ a: Expr, _ b: Expr) -> Expr {
        switch op {
        case .add: return sum([a, b])
        case .subtract: return sum([a, negated(b)])
        case .multiply: return product([a, b])
        case .divide: return product([a, unary(.powInt(-1), b)])
        case .pow:
            if let c = b.numberValue {
                if c == c.rounded() && Swift.abs(c) <= Exponent.integerLimit { return unary(.powInt(Int(c)), a) }
                return unary(.power(c), a)
            }
            if let x = a.numberValue, let y = b.numberValue { return .number(op.evaluate(x, y)) }
        case .max, .min:
            if a == b { return a }
            if let x = a.numberValue, let y = b.numberValue { return .number(op.evaluate(x, y)) }
        }
        return intern(.binary(op, a, b))
    }

    /// The derivative of a kinked primitive: `below` where `selector` < 0, `above` where it is > 0,
    /// the `KinkPolicy`'s mix at a tie (see `ExprKind.kink`).
    public static func kink(selector: Expr, below: Expr, above: Expr, rule: KinkRule) -> Expr {
        if below == above { return below }
        if let s = selector.numberValue, s != 0, !s.isNaN { return s > 0 ? above : below }
        return intern(.kink(selector: selector, below: below, above: above, rule: rule))
    }
}

/// An exponent collected in a product: integer while it can be, real otherwise.
enum Exponent: Equatable {
    case integer(Int)
    case real(Double)

    /// Integral exponents up to this size are kept as integers (`powInt`).
    static let integerLimit: Double = 1_073_741_824

    static func split(_ factor: Expr) -> (Expr, Exponent) {
        switch factor.kind {
        case .unary(.powInt(let n), let base): return (base, .integer(n))
        case .unary(.power(let c), let base): return (base, .real(c))
        default: return (factor, .integer(1))
        }
    }

    var double: Double {
        switch self {
        case .integer(let n): Double(n)
        case .real(let c): c
        }
    }

    static func + (a: Exponent, b: Exponent) -> Exponent {
        if case .integer(let m) = a, case .integer(let n) = b {
            let (s, overflow) = m.addingReportingOverflow(n)
            if !overflow { return .integer(s) }
        }
        let s = a.double + b.double
        if s == s.rounded() && Swift.abs(s) <= Exponent.integerLimit { return .integer(Int(s)) }
        return .real(s)
    }

    func apply(to base: Expr) -> Expr {
        switch self {
        case .integer(let n): Expr.unary(.powInt(n), base)
        case .real(let c): Expr.unary(.power(c), base)
        }
    }
}
