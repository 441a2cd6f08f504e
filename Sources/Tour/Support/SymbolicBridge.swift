import Symbolic

/// Slope's symbolic derivative of a formula: printable result lines, the derivation's steps, and a
/// compiled program for the derivatives so the tour can check them against automatic differentiation.
struct SymbolicDerivative {
    /// One line: `lhs = result` (a list in brackets for several variables).
    let results: [String]
    /// The derivation's steps (numbered lines per variable), when asked for.
    let steps: [String]
    /// The derivatives, compiled over the formula's variables.
    let program: Program

    /// The derivatives' values at `point` (in the program's variable order).
    func values(at point: [Double]) -> [Double] { program.evaluate(point) }
}

/// Parses `formula`, differentiates it with respect to each of `variables` (the derivatives are
/// compiled over `variables + others`), and renders `lhs = result`. With `steps`, the derivation of
/// the listed variables (all by default) is included, as the article writes it.
func symbolicDerivative(of formula: String, withRespectTo variables: [String], lhs: String,
                        steps stepVariables: [String]? = nil, others: [String] = []) throws -> SymbolicDerivative {
    let f = simplify(try Expr(parsing: formula))
    let derivations = variables.map { differentiate(f, withRespectTo: $0) }
    let results = derivations.map { simplify($0.result) }
    let text = results.count == 1 ? "\(results[0])" : "[" + results.map(\.description).joined(separator: ", ") + "]"
    var steps: [String] = []
    for derivation in derivations where stepVariables?.contains(derivation.variable) ?? false {
        steps += DerivationPrinter.text(derivation).split(separator: "\n").map(String.init)
    }
    let program = try Program(compiling: results, variables: variables + others)
    return SymbolicDerivative(results: ["\(lhs) = \(text)"], steps: steps, program: program)
}
