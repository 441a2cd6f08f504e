import AutoDiff

/// The `saddle` eval: min over x of max over y of f(x, y) = (x₁² + x₂²) − (y₁² + y₂²), both by
/// gradient descent from the same start, the outer descent differentiating through the inner one
/// (nested AD). `ff`, `fr`, `rf`, `rr` name the outer and inner modes (f forward, r reverse).
public enum SaddleEval: EvalModule {
    /// `"saddle"`.
    public static let name = "saddle"
    /// The four mode combinations.
    public static let functions = ["ff", "fr", "rf", "rr"]

    /// The saddle function. (The spec writes f(x₁, y₁, x₂, y₂) = (x₁² + y₁²) − (x₂² + y₂²) and
    /// every reference tool passes the two points as (x₁, x₂) and (y₁, y₂) in that order.)
    public static func f<T: Scalar>(_ x: [T], _ y: [T]) -> T { f(x[0], x[1], y) }

    /// f with x given by its two coordinates (so that a lifted x needs no array).
    @inline(__always) static func f<T: Scalar>(_ x0: T, _ x1: T, _ y: [T]) -> T {
        (x0 * x0 + x1 * x1) - (y[0] * y[0] + y[1] * y[1])
    }

    /// f(x, ·) as a function of y, with x captured.
    struct Inner<Base: Scalar>: LiftedObjective {
        let x: [Base]
        func callAsFunction<T: Scalar>(_ y: [T], lift: (Base) -> T) -> T { f(lift(x[0]), lift(x[1]), y) }
    }

    /// max over y of f(x, y) by gradient ascent with `InnerMode` gradients; a function of x.
    struct MaxOverY<InnerMode: GradientMode>: LiftedObjective {
        let start: [Double]
        func callAsFunction<T: Scalar>(_ x: [T], lift: (Double) -> T) -> T {
            let inner = Inner(x: x)
            let primalInner = Inner(x: x.map(\.doubleValue))
            var workspace = GradientWorkspace<T>()
            let y = GradientDescent.argmax({ primalInner($0, lift: { $0 }) },
                                           gradient: { InnerMode.gradient(of: inner, at: $0, into: &$1, using: &workspace) },
                                           start: start.map { T($0) })
            return f(x, y)
        }
    }

    /// The saddle point (x₁, x₂, y₁, y₂) from `start`, outer descent in `Outer` mode, inner ascent
    /// in `InnerMode`; the final ascent over y uses `Outer` mode too.
    public static func saddle<Outer: GradientMode, InnerMode: GradientMode>(
        start: [Double], outer: Outer.Type, inner: InnerMode.Type
    ) -> [Double] {
        let cost = MaxOverY<InnerMode>(start: start)
        var workspace = GradientWorkspace<Double>()
        let x = GradientDescent.argmin({ cost($0, lift: { $0 }) },
                                       gradient: { Outer.gradient(of: cost, at: $0, into: &$1, using: &workspace) },
                                       start: start)
        let objective = Inner(x: x)
        let y = GradientDescent.argmax({ objective($0, lift: { $0 }) },
                                       gradient: { Outer.gradient(of: objective, at: $0, into: &$1, using: &workspace) },
                                       start: start)
        return x + y
    }

    /// Decodes `{start}`.
    public static func prepare(function: String, input: JSONValue) throws -> PreparedEvaluation {
        let start = try input.doubles("start", count: 2)
        switch function {
        case "ff": return .vector { saddle(start: start, outer: ForwardMode.self, inner: ForwardMode.self) }
        case "fr": return .vector { saddle(start: start, outer: ForwardMode.self, inner: ReverseMode.self) }
        case "rf": return .vector { saddle(start: start, outer: ReverseMode.self, inner: ForwardMode.self) }
        default: return .vector { saddle(start: start, outer: ReverseMode.self, inner: ReverseMode.self) }
        }
    }
}
