/// Renders a `Derivation` as readable steps, in text or LaTeX, in the spirit of the article's
/// sections 4 and 5: each step names its rule, and the chain rule is written f′(g(x))·g′(x) with f
/// and g spelled out.
public enum DerivationPrinter {
    /// The steps as numbered plain-text lines, then the result.
    public static func text(_ d: Derivation) -> String {
        var lines = ["d/d\(d.variable) [\(d.function)]"]
        for (i, step) in d.steps.enumerated() {
            var line = "\(i + 1). \(step.rule.rawValue): d/d\(d.variable) [\(step.expression)] = \(step.derivative)"
            if let c = step.chain {
                let x = d.variable
                line += "\n     f(\(c.placeholder)) = \(c.outer), g(\(x)) = \(c.inner); "
                    + "f′(\(c.placeholder)) = \(c.outerDerivative), g′(\(x)) = \(c.innerDerivative); "
                    + "f′(g(\(x)))·g′(\(x)) = (\(substitute(c.outerDerivative, c.placeholder, c.inner)))·(\(c.innerDerivative))"
            }
            lines.append(line)
        }
        lines.append("result: \(d.result)")
        return lines.joined(separator: "\n")
    }

    /// The steps as a LaTeX `align*` environment.
    public static func latex(_ d: Derivation) -> String {
        let x = d.variable
        var lines = ["\\begin{align*}"]
        for step in d.steps {
            var line = "\\frac{d}{d\(x)}\\left[\(step.expression.latex)\\right] &= \(step.derivative.latex) && \\text{\(step.rule.rawValue)}"
            if let c = step.chain {
                line += "\\\\\n  & && f(\(c.placeholder)) = \(c.outer.latex),\\ g(\(x)) = \(c.inner.latex),\\ "
                    + "f'(g(\(x)))\\, g'(\(x)) = \\left(\(substitute(c.outerDerivative, c.placeholder, c.inner).latex)\\right) \\left(\(c.innerDerivative.latex)\\right)"
            }
            lines.append(line + " \\\\")
        }
        lines.append("\\frac{d}{d\(x)}\\left[\(d.function.latex)\\right] &= \(d.result.latex)")
        lines.append("\\end{align*}")
        return lines.joined(separator: "\n")
    }

    static func substitute(_ e: Expr, _ name: String, _ value: Expr) -> Expr {
        e.substituting([name: value])
    }
}

extension Expr {
    /// This expression with variables replaced (each shared node rewritten once).
    public func substituting(_ values: [String: Expr]) -> Expr {
        rewriteBottomUp(self) { node, rewritten in
            if case .variable(let n) = node.kind, let v = values[n] { return v }
            return node.rebuilt(node.children.map(rewritten))
        }
    }
}
