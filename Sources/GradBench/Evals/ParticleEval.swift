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

    /// The potential p(x) = Σ 1/‖x − c‖ of the `m` charges c, given as `(x, y)` pairs and captured;
    /// evaluated at points of the plane (n = 2).
    struct Potential<let m: Int, Base: Scalar>: LiftedObjective {
        let charges: InlineArray<m, (Base, Base)>
        @inline(__always)
        func callAsFunction<let n: Int, T: Scalar>(_ x: InlineArray<n, T>, lift: (Base) -> T) -> T {
            var p: T = 0
            for i in 0..<m {
                let (cx, cy) = charges[i]
                let dx = x[0] - lift(cx), dy = x[1] - lift(cy)
                p += 1 / sqrt(dx * dx + dy * dy)
            }
            return p
        }
    }

    /// x₀(t_f)² for the control w[0], the force −∇p taken in `InnerMode`.
    struct Miss<InnerMode: GradientMode>: LiftedObjective {
        @inline(__always)
        func callAsFunction<let n: Int, T: Scalar>(_ w: InlineArray<n, T>, lift: (Double) -> T) -> T {
            let potential = Potential<2, T>(charges: [(T(10), 10 - w[0]), (T(10), T(0))])
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
