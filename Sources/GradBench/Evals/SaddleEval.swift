import AutoDiff

/// The `saddle` eval: min over x of max over y of f(x, y) = (x₁² + x₂²) − (y₁² + y₂²), both by
/// gradient descent from the same start, the outer descent differentiating through the inner one
/// (nested AD). `ff`, `fr`, `rf`, `rr` name the outer and inner modes (f forward, r reverse).
public enum SaddleEval: EvalModule {
    /// `"saddle"`.
    public static let name = "saddle"
    /// The four mode combinations.
    public static let functions = ["ff", "fr", "rf", "rr"]

    /// A point of the plane: x or y.
    public typealias Point<T> = InlineArray<2, T>

    /// The saddle function. (The spec writes f(x₁, y₁, x₂, y₂) = (x₁² + y₁²) − (x₂² + y₂²) and
    /// every reference tool passes the two points as (x₁, x₂) and (y₁, y₂) in that order.) Its
    /// gradient in y, by reverse mode `fGradient` and by forward mode `fForwardGradient`, is
    /// compiled from this body.
    @ReverseGradient(wrt: "y1", "y2")
    @ForwardGradient(wrt: "y1", "y2")
    @inline(__always)
    public static func f<T: Scalar>(x1: T, x2: T, y1: T, y2: T) -> T {
        (x1 * x1 + x2 * x2) - (y1 * y1 + y2 * y2)
    }

    /// f(x, ·) as a function of y, with x captured (evaluated at points y of the plane, n = 2).
    struct Inner<Base: Scalar>: LiftedObjective {
        let x: Point<Base>
        @inline(__always)
        func callAsFunction<let n: Int, T: Scalar>(_ y: InlineArray<n, T>, lift: (Base) -> T) -> T {
            f(x1: lift(x[0]), x2: lift(x[1]), y1: y[0], y2: y[1])
        }

        /// ∇y f by the compiled tangent code.
        @inline(__always)
        func forwardGradient<let n: Int>(at y: InlineArray<n, Base>) -> InlineArray<n, Base> {
            let g = fForwardGradient(x1: x[0], x2: x[1], y1: y[0], y2: y[1]).gradient
            return InlineArray { $0 == 0 ? g.y1 : g.y2 }
        }

        /// ∇y f by the compiled adjoint code.
        @inline(__always)
        func reverseGradient<let n: Int>(at y: InlineArray<n, Base>, using _: inout GradientWorkspace<Base>)
            -> InlineArray<n, Base>
        {
            let g = fGradient(x1: x[0], x2: x[1], y1: y[0], y2: y[1]).gradient
            return InlineArray { $0 == 0 ? g.y1 : g.y2 }
        }
    }

    /// max over y of f(x, y) by gradient ascent with `InnerMode` gradients; a function of x (n = 2).
    struct MaxOverY<InnerMode: GradientMode>: LiftedObjective {
        let start: Point<Double>
        @inline(__always)
        func callAsFunction<let n: Int, T: Scalar>(_ x: InlineArray<n, T>, lift: (Double) -> T) -> T {
            let point = Point<T> { x[$0] }
            let inner = Inner(x: point)
            let primalInner = Inner(x: Point<Double> { point[$0].doubleValue })
            var workspace = GradientWorkspace<T>()
            let y = GradientDescent.argmax({ primalInner($0, lift: { $0 }) },
                                           gradient: { InnerMode.gradient(of: inner, at: $0, using: &workspace) },
                                           start: Point<T> { T(start[$0]) })
            return f(x1: point[0], x2: point[1], y1: y[0], y2: y[1])
        }
    }

    /// The saddle point (x₁, x₂, y₁, y₂) from `start`, outer descent in `Outer` mode, inner ascent
    /// in `InnerMode`; the final ascent over y uses `Outer` mode too.
    public static func saddle<Outer: GradientMode, InnerMode: GradientMode>(
        start: Point<Double>, outer: Outer.Type, inner: InnerMode.Type
    ) -> [Double] {
        let cost = MaxOverY<InnerMode>(start: start)
        var workspace = GradientWorkspace<Double>()
        let x = GradientDescent.argmin({ cost($0, lift: { $0 }) },
                                       gradient: { Outer.gradient(of: cost, at: $0, using: &workspace) },
                                       start: start)
        let objective = Inner(x: x)
        let y = GradientDescent.argmax({ objective($0, lift: { $0 }) },
                                       gradient: { Outer.gradient(of: objective, at: $0, using: &workspace) },
                                       start: start)
        return [x[0], x[1], y[0], y[1]]
    }

    /// Decodes `{start}`.
    public static func prepare(function: String, input: JSONValue) throws -> PreparedEvaluation {
        let coordinates = try input.doubles("start", count: 2)
        let start: Point<Double> = [coordinates[0], coordinates[1]]
        switch function {
        case "ff": return .vector { saddle(start: start, outer: ForwardMode.self, inner: ForwardMode.self) }
        case "fr": return .vector { saddle(start: start, outer: ForwardMode.self, inner: ReverseMode.self) }
        case "rf": return .vector { saddle(start: start, outer: ReverseMode.self, inner: ForwardMode.self) }
        default: return .vector { saddle(start: start, outer: ReverseMode.self, inner: ReverseMode.self) }
        }
    }
}
