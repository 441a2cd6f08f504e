import AutoDiff

/// An ℝⁿ → ℝ function written once for every scalar type, whose captured constants (of type
/// `Base`) are lifted into the scalar type it is evaluated on. Nested differentiation needs the
/// lift: the inner function's constants are the outer differentiation's variables.
public protocol LiftedObjective {
    /// The scalar type of the point and of the captured constants.
    associatedtype Base: Scalar
    /// The value at `x`, with `lift` turning a captured `Base` constant into `T`.
    func callAsFunction<T: Scalar>(_ x: [T], lift: (Base) -> T) -> T
}

/// A way to compute gradients: forward mode (one dual-number pass per input) or reverse mode (one
/// recorded pass and one sweep). The saddle and particle evals are generic over two of these.
public protocol GradientMode {
    /// ∇f(x) written into `gradient`, reusing `workspace`'s buffers (a solve keeps one workspace
    /// for all its gradients, so its steps allocate nothing).
    static func gradient<F: LiftedObjective>(of f: F, at x: [F.Base], into gradient: inout [F.Base],
                                             using workspace: inout GradientWorkspace<F.Base>)
}

extension GradientMode {
    /// ∇f(x), on a fresh workspace.
    public static func gradient<F: LiftedObjective>(of f: F, at x: [F.Base]) -> [F.Base] {
        var g: [F.Base] = []
        var workspace = GradientWorkspace<F.Base>()
        gradient(of: f, at: x, into: &g, using: &workspace)
        return g
    }
}

/// Forward mode: `forwardGradient`, evaluating on `Dual<Base>`.
public enum ForwardMode: GradientMode {
    /// ∇f(x) by n forward passes.
    @inlinable
    public static func gradient<F: LiftedObjective>(of f: F, at x: [F.Base], into gradient: inout [F.Base],
                                                    using workspace: inout GradientWorkspace<F.Base>) {
        forwardGradient(at: x, into: &gradient, using: &workspace) { f($0, lift: { Dual(constant: $0) }) }
    }
}

/// Reverse mode: `valueWithGradient(at:into:using:of:)`, evaluating on `Reverse<Base>`.
public enum ReverseMode: GradientMode {
    /// ∇f(x) by one recorded pass and one reverse sweep.
    @inlinable
    public static func gradient<F: LiftedObjective>(of f: F, at x: [F.Base], into gradient: inout [F.Base],
                                                    using workspace: inout GradientWorkspace<F.Base>) {
        valueWithGradient(at: x, into: &gradient, using: &workspace) { f($0, lift: { Reverse(constant: $0) }) }
    }
}
