import AutoDiff

/// An ℝⁿ → ℝ function written once for every scalar type, whose captured constants (of type
/// `Base`) are lifted into the scalar type it is evaluated on. Nested differentiation needs the
/// lift: the inner function's constants are the outer differentiation's variables.
///
/// Points are fixed-size (`InlineArray`): the evals' points have one or two coordinates, and their
/// nested solves take thousands of gradients, for which arrays would cost more than the arithmetic.
public protocol LiftedObjective {
    /// The scalar type of the point and of the captured constants.
    associatedtype Base: Scalar
    /// The value at `x`, with `lift` turning a captured `Base` constant into `T`.
    func callAsFunction<let n: Int, T: Scalar>(_ x: InlineArray<n, T>, lift: (Base) -> T) -> T

    /// ∇f(x) in forward mode. By default one pass on `MultiDual<n, Base>` (n tangents); an
    /// objective whose body `@ForwardGradient` compiled returns that gradient instead: the same
    /// tangents without the lifted constants' zero ones.
    func forwardGradient<let n: Int>(at x: InlineArray<n, Base>) -> InlineArray<n, Base>

    /// ∇f(x) in reverse mode. By default the function is recorded on the workspace's tape
    /// (`Reverse<Base>`) and swept; an objective whose body `@ReverseGradient` compiled returns that
    /// gradient instead: the same numbers, without a tape.
    func reverseGradient<let n: Int>(at x: InlineArray<n, Base>, using workspace: inout GradientWorkspace<Base>)
        -> InlineArray<n, Base>
}

extension LiftedObjective {
    /// ∇f(x) by one pass on `MultiDual<n, Base>`.
    @inline(__always)
    public func forwardGradient<let n: Int>(at x: InlineArray<n, Base>) -> InlineArray<n, Base> {
        valueWithForwardGradient(at: x) { self($0, lift: { MultiDual(constant: $0) }) }.gradient
    }

    /// ∇f(x) recorded on the workspace's tape and swept.
    @inline(__always)
    public func reverseGradient<let n: Int>(at x: InlineArray<n, Base>, using workspace: inout GradientWorkspace<Base>)
        -> InlineArray<n, Base>
    {
        valueWithGradient(at: x, using: &workspace) { self($0, lift: { Reverse(constant: $0) }) }.gradient
    }
}

/// A way to compute gradients: forward mode (one dual-number pass per input) or reverse mode (one
/// recorded pass and one sweep). The saddle and particle evals are generic over two of these.
public protocol GradientMode {
    /// ∇f(x), reusing `workspace`'s buffers (a solve keeps one workspace for all its gradients, so
    /// its steps allocate nothing).
    static func gradient<let n: Int, F: LiftedObjective>(
        of f: F, at x: InlineArray<n, F.Base>, using workspace: inout GradientWorkspace<F.Base>
    ) -> InlineArray<n, F.Base>
}

extension GradientMode {
    /// ∇f(x), on a fresh workspace.
    public static func gradient<let n: Int, F: LiftedObjective>(of f: F, at x: InlineArray<n, F.Base>)
        -> InlineArray<n, F.Base>
    {
        var workspace = GradientWorkspace<F.Base>()
        return gradient(of: f, at: x, using: &workspace)
    }
}

/// Forward mode: the objective's `forwardGradient(at:)`, i.e. its `@ForwardGradient`-compiled
/// tangent code where it has one, else one pass on `MultiDual<n, Base>` (the n basis directions at
/// once, as `jax.jacfwd` does; the same gradient as n `Dual` passes, bit for bit).
public enum ForwardMode: GradientMode {
    /// ∇f(x) by one forward pass with n tangents (the workspace is not needed).
    @inlinable @inline(__always)
    public static func gradient<let n: Int, F: LiftedObjective>(
        of f: F, at x: InlineArray<n, F.Base>, using workspace: inout GradientWorkspace<F.Base>
    ) -> InlineArray<n, F.Base> {
        f.forwardGradient(at: x)
    }
}

/// Reverse mode: the objective's `reverseGradient(at:using:)`, i.e. its `@ReverseGradient`-compiled
/// adjoint code where it has one, else `valueWithGradient(at:using:of:)` on `Reverse<Base>`.
public enum ReverseMode: GradientMode {
    /// ∇f(x) by one reverse pass.
    @inlinable @inline(__always)
    public static func gradient<let n: Int, F: LiftedObjective>(
        of f: F, at x: InlineArray<n, F.Base>, using workspace: inout GradientWorkspace<F.Base>
    ) -> InlineArray<n, F.Base> {
        f.reverseGradient(at: x, using: &workspace)
    }
}
