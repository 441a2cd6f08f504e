import Rules

// Elementwise loops call the rule table (`evaluate`, `localDerivative`, `localPartials`) once per
// scalar. Written naively, each call switches on the primitive again. These helpers hand the loop
// body the primitive as a literal in each branch; after inlining, every branch is a loop
// specialized to one primitive, with the table's case for it folded in and the switch hoisted out
// of the loop. The derivatives still come from the one table.

/// Runs `body` with `op` passed as a literal of its case (see the note above).
@inline(__always)
func specializing<R>(_ op: Unary, _ body: (Unary) throws -> R) rethrows -> R {
    switch op {
    case .negate: return try body(.negate)
    case .sqrt: return try body(.sqrt)
    case .exp: return try body(.exp)
    case .log: return try body(.log)
    case .log1p: return try body(.log1p)
    case .expm1: return try body(.expm1)
    case .sin: return try body(.sin)
    case .cos: return try body(.cos)
    case .tan: return try body(.tan)
    case .tanh: return try body(.tanh)
    case .sigmoid: return try body(.sigmoid)
    case .softplus: return try body(.softplus)
    case .abs: return try body(.abs)
    case .relu: return try body(.relu)
    case .powInt(2): return try body(.powInt(2))
    case .powInt(let n): return try body(.powInt(n))
    case .power(let c): return try body(.power(c))
    }
}

/// Runs `body` with `op` passed as a literal of its case (see the note above).
@inline(__always)
func specializing<R>(_ op: Binary, _ body: (Binary) throws -> R) rethrows -> R {
    switch op {
    case .add: return try body(.add)
    case .subtract: return try body(.subtract)
    case .multiply: return try body(.multiply)
    case .divide: return try body(.divide)
    case .pow: return try body(.pow)
    case .max: return try body(.max)
    case .min: return try body(.min)
    }
}

extension Binary {
    /// Whether the table's partials are the same at every point (sums and differences), so a
    /// pullback can read them once instead of once per scalar.
    var hasConstantPartials: Bool { self == .add || self == .subtract }
}
