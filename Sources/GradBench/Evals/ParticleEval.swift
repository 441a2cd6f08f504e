import AutoDiff

/// The `particle` eval: choose the control w so that a charged particle, integrated by naive
/// Euler steps through the field of charges at (10, 10 − w) and (10, 0), hits the origin: minimize
/// x₀(t_f)² by gradient descent, where each Euler step itself takes the gradient of the potential
/// (nested AD). `ff`, `fr`, `rf`, `rr` name the outer and inner modes (f forward, r reverse).
public enum ParticleEval: EvalModule {
    /// `"particle"`.
    public static let name = "particle"
    /// The four mode combinations.
    public static let functions = ["ff", "fr", "rf", "rr"]

    /// At most this many Euler steps (the reference trajectory needs a few dozen).
    static let maximumSteps = 1_000_000

    /// The potential p(x, y) = Σ 1/‖(x, y) − c‖ of the two charges c, given as `(x, y)` pairs. Its
    /// gradient in (x, y), by reverse mode `potentialGradient` and by forward mode
    /// `potentialForwardGradient`, is compiled from this body.
    @ReverseGradient(wrt: "x", "y")
    @ForwardGradient(wrt: "x", "y")
    @inline(__always)
    static func potential<T: Scalar>(x: T, y: T, charges: InlineArray<2, (T, T)>) -> T {
        let d0x = x - charges[0].0, d0y = y - charges[0].1
        let d1x = x - charges[1].0, d1y = y - charges[1].1
        let r0: T = sqrt(d0x * d0x + d0y * d0y)
        let r1: T = sqrt(d1x * d1x + d1y * d1y)
        return 1 / r0 + 1 / r1
    }

    /// The potential of captured charges, evaluated at points of the plane (n = 2).
    struct Potential<Base: Scalar>: LiftedObjective {
        let charges: InlineArray<2, (Base, Base)>
        @inline(__always)
        func callAsFunction<let n: Int, T: Scalar>(_ x: InlineArray<n, T>, lift: (Base) -> T) -> T {
            potential(x: x[0], y: x[1], charges: InlineArray { (lift(charges[$0].0), lift(charges[$0].1)) })
        }

        /// ∇p by the compiled tangent code.
        @inline(__always)
        func forwardGradient<let n: Int>(at x: InlineArray<n, Base>) -> InlineArray<n, Base> {
            let g = potentialForwardGradient(x: x[0], y: x[1], charges: charges).gradient
            return InlineArray { $0 == 0 ? g.x : g.y }
        }

        /// ∇p by the compiled adjoint code.
        @inline(__always)
        func reverseGradient<let n: Int>(at x: InlineArray<n, Base>, using _: inout GradientWorkspace<Base>)
            -> InlineArray<n, Base>
        {
            let g = potentialGradient(x: x[0], y: x[1], charges: charges).gradient
            return InlineArray { $0 == 0 ? g.x : g.y }
        }
    }

    /// x₀(t_f)² for the control w[0], the force −∇p taken in `InnerMode`.
    struct Miss<InnerMode: GradientMode>: LiftedObjective {
        @inline(__always)
        func callAsFunction<let n: Int, T: Scalar>(_ w: InlineArray<n, T>, lift: (Double) -> T) -> T {
            let potential = Potential<T>(charges: [(T(10), 10 - w[0]), (T(10), T(0))])
            let dt = T(0.1)
            var x: InlineArray<2, T> = [0, 8]
            var velocity: InlineArray<2, T> = [0.75, 0]
            var workspace = GradientWorkspace<T>()
            for _ in 0..<maximumSteps {
                let gradient = InnerMode.gradient(of: potential, at: x, using: &workspace)
                let next: InlineArray<2, T> = [x[0] + dt * velocity[0], x[1] + dt * velocity[1]]
                guard next[1] > 0 else { break }
                x = next
                velocity = [velocity[0] - dt * gradient[0], velocity[1] - dt * gradient[1]]
            }
            // Linear interpolation to the crossing of the x axis.
            let tf = -x[1] / velocity[1]
            let crossing = x[0] + tf * velocity[0]
            return crossing * crossing
        }
    }

    /// The optimal w from `w0`, outer descent in `Outer` mode, Euler forces in `InnerMode`.
    public static func particle<Outer: GradientMode, InnerMode: GradientMode>(
        w0: Double, outer: Outer.Type, inner: InnerMode.Type
    ) -> Double {
        let miss = Miss<InnerMode>()
        var workspace = GradientWorkspace<Double>()
        return GradientDescent.argmin({ miss($0, lift: { $0 }) },
                                      gradient: { Outer.gradient(of: miss, at: $0, using: &workspace) },
                                      start: [w0])[0]
    }

    /// Decodes `{w}`.
    public static func prepare(function: String, input: JSONValue) throws -> PreparedEvaluation {
        let w0 = try input.double("w")
        switch function {
        case "ff": return .number { particle(w0: w0, outer: ForwardMode.self, inner: ForwardMode.self) }
        case "fr": return .number { particle(w0: w0, outer: ForwardMode.self, inner: ReverseMode.self) }
        case "rf": return .number { particle(w0: w0, outer: ReverseMode.self, inner: ForwardMode.self) }
        default: return .number { particle(w0: w0, outer: ReverseMode.self, inner: ReverseMode.self) }
        }
    }
}
