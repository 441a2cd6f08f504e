import Symbolic
import Rules

/// Random expression text over x, y, z, defined everywhere (logs and roots only of positive things).
struct ExpressionGenerator {
    var random: SplitMix64
    /// Whether kinked primitives (abs, relu, max, min) may appear.
    var kinks: Bool

    init(seed: UInt64, kinks: Bool = true) {
        random = SplitMix64(seed: seed)
        self.kinks = kinks
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

    mutating func text(depth: Int) -> String {
        if depth == 0 || Int.random(in: 0..<4, using: &random) == 0 {
            return pick(["x", "y", "z", "2", "3", "0.5", "pi", "x", "y"])
        }
        let a = text(depth: depth - 1)
        var choices = ["+", "-", "*", "/", "^2", "^3", "sin", "cos", "tanh", "sigmoid", "softplus", "exp", "logsq", "sqrtsq", "neg"]
        if kinks { choices += ["abs", "relu", "max", "min"] }
        switch pick(choices) {
        case "+", "-", "*":
            let op = pick(["+", "-", "*"])
            return "(\(a) \(op) \(text(depth: depth - 1)))"
        case "/": return "(\(a) / (1 + (\(text(depth: depth - 1)))^2))"
        case "^2": return "(\(a))^2"
        case "^3": return "(\(a))^3"
        case "exp": return "exp(tanh(\(a)))"
        case "logsq": return "log(1 + (\(a))^2)"
        case "sqrtsq": return "sqrt(2 + sin(\(a)))"
        case "neg": return "-(\(a))"
        case "max", "min": return "\(pick(["max", "min"]))(\(a), \(text(depth: depth - 1)))"
        case let f: return "\(f)(\(a))"
        }
    }

    mutating func expression(depth: Int) throws -> Expr { try Expr(parsing: text(depth: depth)) }

    mutating func point() -> [Double] { (0..<3).map { _ in Double.random(in: -2...2, using: &random) } }
}
