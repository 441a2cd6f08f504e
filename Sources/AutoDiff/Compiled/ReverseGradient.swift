/// Generates `<name>Gradient`, which returns the function's value and its reverse-mode gradient
/// with respect to the parameters named in `wrt` (every parameter of the result's type if none is
/// named), as straight-line adjoint code compiled together with the function: no tape, no
/// allocation, and the optimizer sees the whole derivative.
///
/// A function whose result is a tuple of the scalar type, `-> (T, T)`, gets two functions instead:
/// - `<name>Jacobian`: the values and one gradient per result (one forward pass, one reverse pass
///   per result);
/// - `<name>Pullback(<the parameters>, cotangent: (T, T))`: the values and the vector–Jacobian
///   product, Σₖ cotangent.k · ∇resultₖ with respect to the `wrt` parameters, by one forward pass
///   and ONE reverse pass whose result adjoints start from the cotangents. Each adjoint is summed
///   as a tape's sweep sums it (its seeds first, then the contributions in sweep order), so it
///   equals `valueWithPullback(at:of:)`'s pullback of the same function to the last bit (but
///   for the sign of a zero: a tape starts every adjoint at +0). A single result has no pullback:
///   its gradient is the whole derivative.
///
/// The body may use `let`/`var` declarations with initial values, assignments (`=`, `+=`, `-=`,
/// `*=`, `/=`) to those `var`s, `if`/`else` on values (each path through the body is differentiated
/// on its own, the branch taken at run time, as a tape records the path taken) and `return` (or a
/// single expression); no loops. Every value that depends on a differentiated parameter must be built from the rule
/// table's primitives — `+ - * /`, prefix `-`, `sqrt`, `exp`, `log`, `log1p`, `expm1`, `sin`,
/// `cos`, `tan`, `tanh`, `sigmoid`, `softplus`, `abs`, `relu`, `pow` (the exponent a literal or a
/// value of the scalar type), `max`, `min`; code that does not depend on them may be any Swift.
/// Anything else is a compile-time error at the offending expression. Each local partial is read
/// from the rule table at run time (kinks follow the kink policy), and the adjoints are accumulated
/// in the order a tape's sweep would, so the gradient equals `gradient(at:of:)`'s.
///
/// ```swift
/// @ReverseGradient(wrt: "x", "y")
/// func f<T: Scalar>(_ x: T, _ y: T, _ c: T) -> T { x * y + sin(c * x) }
///
/// let (value, g) = fGradient(1.0, 2.0, 3.0)   // g.x == 2 + 3·cos 3, g.y == 1
///
/// @ReverseGradient(wrt: "x", "y")
/// func productAndSum<T: Scalar>(_ x: T, _ y: T) -> (T, T) { (x * y, x + y) }
///
/// let (values, v) = productAndSumPullback(2.0, 3.0, cotangent: (1, 10))   // v.x == 3 + 10, v.y == 2 + 10
/// ```
///
/// The generated function is generic over the same scalar type as the original, so it nests: on
/// `MultiDual` values it is forward-over-reverse, on `Reverse` values reverse-over-reverse.
@attached(peer, names: suffixed(Gradient), suffixed(Jacobian), suffixed(Pullback))
public macro ReverseGradient(wrt parameters: String...) =
    #externalMacro(module: "AutoDiffMacros", type: "ReverseGradientMacro")
