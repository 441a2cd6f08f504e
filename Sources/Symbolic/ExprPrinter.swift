import Rules

/// The notations an `Expr` can be printed in.
public enum Notation: Sendable {
    /// Plain text that reads like the article and parses back to the same expression: `2*(x + 1)`.
    case text
    /// LaTeX: `2 \left(x + 1\right)`, `\frac{…}{…}`, `\left| x \right|`.
    case latex
}

extension Expr: CustomStringConvertible {
    /// The canonical plain-text form, which `Expr(parsing:)` reads back to this same expression.
    public var description: String { printed(.text) }
    /// The LaTeX form.
    public var latex: String { printed(.latex) }

    /// This expression in `notation` (iterative: any depth; each shared node is rendered once).
    public func printed(_ notation: Notation) -> String {
        var printer = ExprPrinter(notation: notation)
        for node in topologicalOrder() { printer.render(node) }
        return printer.rendered[self]?.text ?? ""
    }
}

/// Text with the binding strength of its outermost operator.
struct Rendered {
    var text: String
    /// 1 sum, 2 product or quotient, 3 leading minus, 4 power, 5 atom or call.
    var precedence: Int
}

/// Renders nodes bottom-up; `rendered` holds every node already seen.
struct ExprPrinter {
    let notation: Notation
    var rendered: [Expr: Rendered] = [:]
    var latex: Bool { notation == .latex }

    static func number(_ x: Double) -> String {
        if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    func get(_ e: Expr) -> Rendered { rendered[e] ?? Rendered(text: "?", precedence: 5) }

    func group(_ r: Rendered, below precedence: Int) -> String {
        guard r.precedence < precedence else { return r.text }
        return latex ? "\\left(\(r.text)\\right)" : "(\(r.text))"
    }

    func call(_ name: String, _ args: [String]) -> String {
        if !latex { return "\(name)(\(args.joined(separator: ", ")))" }
        let known = ["sin", "cos", "tan", "tanh", "max", "min", "exp"]
        let head = known.contains(name) ? "\\\(name)" : (name == "log" ? "\\ln" : "\\operatorname{\(name)}")
        return "\(head)\\left(\(args.joined(separator: ", "))\\right)"
    }

    func name(_ n: String) -> String {
        guard latex else { return n }
        if let underscore = n.firstIndex(of: "_") {
            return "\(name(String(n[..<underscore])))_{\(n[n.index(after: underscore)...])}"
        }
        return n.count > 1 ? "\\mathit{\(n)}" : n
    }

    func power(_ base: Rendered, _ exponent: String) -> Rendered {
        let b = group(base, below: 5)
        return Rendered(text: latex ? "{\(b)}^{\(exponent)}" : "\(b)^\(exponent)", precedence: 4)
    }

    mutating func render(_ e: Expr) {
        rendered[e] = renderNode(e)
    }

    func renderNode(_ e: Expr) -> Rendered {
        switch e.kind {
        case .number(let x):
            let s = Self.number(x)
            return Rendered(text: s, precedence: x < 0 ? 3 : 5)
        case .constant(let n, _):
            return Rendered(text: latex && n == "pi" ? "\\pi" : n, precedence: 5)
        case .variable(let n):
            return Rendered(text: name(n), precedence: 5)
        case .sum(var terms):
            // Lead with a positive term when there is one: y - x rather than -x + y.
            if signedTerm(terms[0]).0, let k = terms.firstIndex(where: { !signedTerm($0).0 }) {
                terms.insert(terms.remove(at: k), at: 0)
            }
            var text = ""
            for (i, term) in terms.enumerated() {
                let (negative, magnitude) = signedTerm(term)
                if i == 0 {
                    text = negative ? "-" + group(magnitude, below: 2) : magnitude.text
                } else {
                    text += (negative ? " - " : " + ") + group(magnitude, below: 2)
                }
            }
            return Rendered(text: text, precedence: 1)
        case .product(let factors):
            return renderProduct(factors)
        case .unary(let op, let x):
            let arg = get(x)
            switch op {
            case .powInt(let n) where n < 0: return renderProduct([e])
            case .power(let c) where c < 0: return renderProduct([e])
            case .powInt(let n): return power(arg, String(n))
            case .power(let c): return power(arg, Self.number(c))
            case .sqrt where latex: return Rendered(text: "\\sqrt{\(arg.text)}", precedence: 5)
            case .abs where latex: return Rendered(text: "\\left| \(arg.text) \\right|", precedence: 5)
            case .exp where latex: return Rendered(text: "e^{\(arg.text)}", precedence: 4)
            default: return Rendered(text: call(op.name, [arg.text]), precedence: 5)
            }
        case .binary(let op, let a, let b):
            if op == .pow {
                let exponent = latex ? get(b).text : group(get(b), below: 4)
                return power(get(a), exponent)
            }
            return Rendered(text: call(op.name, [get(a).text, get(b).text]), precedence: 5)
        case .kink(let s, let below, let above, let rule):
            let (lo, hi) = (below.numberValue, above.numberValue)
            let arg = get(s).text
            if lo == -1 && hi == 1 && rule == Unary.abs.kink { return Rendered(text: call("sign", [arg]), precedence: 5) }
            if lo == 0 && hi == 1 && rule == Unary.relu.kink { return Rendered(text: call("step", [arg]), precedence: 5) }
            if lo == 0 && hi == 1 && rule == Binary.max.kink { return Rendered(text: call("heaviside", [arg]), precedence: 5) }
            return Rendered(text: call("kink", [arg, get(below).text, get(above).text, Self.number(rule.minimumNormWeight)]),
                            precedence: 5)
        }
    }

    /// Whether a sum's term is printed with a minus, and the term without it.
    func signedTerm(_ term: Expr) -> (Bool, Rendered) {
        if let c = term.numberValue, c < 0 { return (true, Rendered(text: Self.number(-c), precedence: 5)) }
        if case .product(let factors) = term.kind, let c = factors[0].numberValue, c < 0 {
            return (true, renderProduct(factors, coefficient: -c))
        }
        return (false, get(term))
    }

    /// A product as numerator/denominator with its sign in front.
    func renderProduct(_ factors: [Expr], coefficient given: Double? = nil) -> Rendered {
        var coefficient = given ?? factors.first?.numberValue ?? 1
        var numerator: [Rendered] = []
        var denominator: [Rendered] = []
        let negative = coefficient < 0
        coefficient = Swift.abs(coefficient)
        if coefficient != 1 {
            let reciprocal = 1 / coefficient
            if reciprocal == reciprocal.rounded(), reciprocal < 1e15, 1 / reciprocal == coefficient {
                denominator.append(Rendered(text: Self.number(reciprocal), precedence: 5))
            } else {
                numerator.append(Rendered(text: Self.number(coefficient), precedence: 5))
            }
        }
        for f in factors where f.numberValue == nil {
            switch f.kind {
            case .unary(.powInt(let n), let base) where n < 0 && base.numberValue != nil:
                // 0^-1 (the only number left unfolded) stays a factor: "/(0*y)" would fold to 1/0.
                numerator.append(power(get(base), String(n)))
            case .unary(.powInt(let n), let base) where n < 0:
                denominator.append(n == -1 ? get(base) : power(get(base), String(-n)))
            case .unary(.power(let c), let base) where c < 0:
                denominator.append(power(get(base), Self.number(-c)))
            default:
                numerator.append(get(f))
            }
        }
        let times = latex ? " " : "*"
        func joined(_ parts: [Rendered]) -> String {
            var text = ""
            for (i, p) in parts.enumerated() {
                if i > 0 { text += latex && p.precedence == 5 && parts[i - 1].text.first?.isNumber == true && p.text.first?.isNumber == true ? " \\cdot " : times }
                text += group(p, below: 2)
            }
            return text
        }
        var text: String
        var precedence: Int
        if denominator.isEmpty {
            text = joined(numerator)
            precedence = numerator.count == 1 ? numerator[0].precedence : 2
        } else if latex {
            let num = numerator.isEmpty ? "1" : numerator.map(\.text).joined(separator: " ")
            text = "\\frac{\(num)}{\(denominator.count == 1 ? denominator[0].text : joined(denominator))}"
            precedence = 5
        } else {
            let num = numerator.isEmpty ? "1" : joined(numerator)
            let den = denominator.count == 1 ? group(denominator[0], below: 3) : "(\(joined(denominator)))"
            text = num + "/" + den
            precedence = 2
        }
        if negative {
            // "-(a + b)/c" would parse as (−a − b)/c, a different canonical form: write "-((a + b)/c)".
            let wrap = precedence < 2 || (!latex && text.hasPrefix("("))
            text = "-" + (wrap ? (latex ? "\\left(\(text)\\right)" : "(\(text))") : text)
            precedence = Swift.min(precedence, 3)
        }
        return Rendered(text: text, precedence: precedence)
    }
}
