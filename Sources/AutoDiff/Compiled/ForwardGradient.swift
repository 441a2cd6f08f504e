/// Generates `<name>ForwardGradient` (or `<name>ForwardJacobian` for a tuple result): the function's
/// value and its gradient with respect to the parameters named in `wrt` (every parameter of the
/// result's type if none is named) by forward mode, as straight-line tangent code compiled with the
/// function — one tangent per parameter, carried through the values in order, as `MultiDual` does.
///
/// The tangents known to be zero at compile time are left out instead of multiplied: the values
/// computed only from constants and from parameters not named carry none, like JAX's symbolic
/// zeros. Inside a nested differentiation that is what makes it cheaper than `MultiDual`, whose
/// lifted constants carry explicit zero tangents through every operation.
///
/// The body follows the same rules as `@ReverseGradient`'s (straight-line code, `if`/`else` on
/// values, no loops, differentiated values built from the rule table's primitives), with the same
/// compile-time errors; each local partial is read from the rule table at run time.
///
/// ```swift
/// @ForwardGradient(wrt: "x", "y")
/// func f<T: Scalar>(_ x: T, _ y: T, _ c: T) -> T { x * y + sin(c * x) }
///
/// let (value, g) = fForwardGradient(1.0, 2.0, 3.0)   // g.x == 2 + 3·cos 3, g.y == 1
/// ```
@attached(peer, names: suffixed(ForwardGradient), suffixed(ForwardJacobian))
public macro ForwardGradient(wrt parameters: String...) =
    #externalMacro(module: "AutoDiffMacros", type: "ForwardGradientMacro")
