import AutoDiff

extension Program: ScalarFunction {
    /// The program's first output, so a compiled expression can be handed to anything that takes a
    /// `ScalarFunction` (e.g. `checkGradient(at:of:)`).
    public func callAsFunction<T: Scalar>(_ x: [T]) -> T { value(at: x) }
}
