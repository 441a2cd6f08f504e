// The names under which the rule table's primitives are called in source, and the cases they stand
// for (`Unary` and `Binary` in Rules). Only names: every derivative is read from the table at run time.

/// The one-argument free functions that apply a `Unary` primitive, by function name (the case has the
/// same name).
let unaryFunctionNames: Set<String> = [
    "sqrt", "exp", "log", "log1p", "expm1", "sin", "cos", "tan", "tanh", "sigmoid", "softplus", "abs", "relu",
]

/// The two-argument free functions that apply a `Binary` primitive (`pow` with an exponent that is
/// not a literal is `Binary.pow`).
let binaryFunctionNames: Set<String> = ["max", "min", "pow"]

/// The infix operators that apply a `Binary` primitive, with the case each applies.
let binaryOperatorCases: [String: String] = ["+": "add", "-": "subtract", "*": "multiply", "/": "divide"]

/// What the differentiable subset supports, for error messages.
let supportedPrimitivesDescription =
    "+, -, *, /, prefix -, \(unaryFunctionNames.sorted().joined(separator: ", ")), pow, max and min"
