/// A sub-computation ℝᵏ → ℝ written once for every scalar type, which reverse mode may
/// preaccumulate: evaluate it on a small private tape, sweep that tape while it is still in cache,
/// and record on the outer tape only the result and its k partials.
///
/// Call it through `T.preaccumulating(f, at: inputs)`, never directly, from code generic over
/// `Scalar`: for `Double`, `Dual` and the other non-reverse types that is the plain call.
/// The function must depend on `inputs` only (no tracked values captured from outside): the
/// private tape knows nothing of the outer one.
///
/// ```swift
/// struct Product: LocalFunction {
///     func callAsFunction<S: Scalar>(_ x: UnsafeBufferPointer<S>) -> S { x.reduce(1, *) }
/// }
/// ```
public protocol LocalFunction {
    /// The function's value at `inputs`.
    func callAsFunction<S: Scalar>(_ inputs: UnsafeBufferPointer<S>) -> S

    /// The value at `inputs` with its k partials written to `gradient`, by code compiled for this
    /// function (e.g. by `@ReverseGradient`), which reverse mode then records without a private
    /// tape; nil (the default) to have it recorded and swept on the private tape.
    func valueWithGradient<S: Scalar>(_ inputs: UnsafeBufferPointer<S>, into gradient: UnsafeMutablePointer<S>) -> S?
}

extension LocalFunction {
    /// No compiled partials: reverse mode records the function on a private tape.
    @inlinable
    public func valueWithGradient<S: Scalar>(_ inputs: UnsafeBufferPointer<S>, into gradient: UnsafeMutablePointer<S>) -> S? {
        nil
    }
}

extension Scalar {
    /// Calls `f`: without a tape there is nothing to preaccumulate.
    @inlinable @inline(__always)
    public static func preaccumulating<F: LocalFunction>(_ f: F, at inputs: UnsafeBufferPointer<Self>) -> Self {
        f(inputs)
    }
}
