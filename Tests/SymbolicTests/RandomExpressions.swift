import Symbolic

/// A small deterministic random generator (SplitMix64) so failures reproduce.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random expression text over x, y, z, defined everywhere (logs and roots only of positive things).
struct ExpressionGenerator {
    var random: SeededRandom
    /// Whether kinked primitives (abs, relu, max, min) may appear.
    var kinks: Bool

    init(seed: UInt64, kinks: Bool = true) {
        random = SeededRandom(seed: seed)
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
