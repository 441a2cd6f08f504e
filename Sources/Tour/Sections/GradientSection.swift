import AutoDiff
import Plots

/// Section 2, "Navigating with Gradients": the gradient of x² + 2y² + 3z² and of w² + x² + y² + z²,
/// and the gradient as a dot product — directional derivatives, steepest ascent along ∇f.
enum GradientSection {
    /// The point for f(x, y, z) = x² + 2y² + 3z².
    static let point = [1.0, -2, 0.5]
    /// The point for g(w, x, y, z) = w² + x² + y² + z².
    static let point4 = [1.0, 2, 3, 4]

    static func f<T: Scalar>(_ v: [T]) -> T { v[0] * v[0] + 2 * v[1] * v[1] + 3 * v[2] * v[2] }
    static func g<T: Scalar>(_ v: [T]) -> T { v[0] * v[0] + v[1] * v[1] + v[2] * v[2] + v[3] * v[3] }

    static func build() throws -> (TourSection, [TourFigure]) {
        let p = point
        let (value, grad) = valueWithGradient(at: p, of: f)
        let closed = [2 * p[0], 4 * p[1], 6 * p[2]]
        let symbolic = try symbolicDerivative(of: "x^2 + 2*y^2 + 3*z^2", withRespectTo: ["x", "y", "z"], lhs: "∇f")
        var first = TourExample(title: "f(x, y, z) = x² + 2y² + 3z²", formula: "f(x, y, z) = x² + 2y² + 3z²",
                                point: "(x, y, z) = \(show(p))", symbolic: symbolic.results, steps: symbolic.steps)
        first.values = [TourValue("f\(show(p))", value), TourValue("∇f\(show(p))", grad)]
        first.checks = [
            TourCheck("reverse mode ∇f = (2x, 4y, 6z)", computed: grad, reference: closed, method: "closed form"),
            TourCheck("forward mode (one pass per input) agrees", computed: forwardGradient(at: p, of: f), reference: grad,
                      method: "forward mode"),
            TourCheck("Slope's symbolic ∇f, evaluated at the point, agrees", computed: symbolic.values(at: p),
                      reference: grad, method: "reverse mode"),
            TourCheck("central differences ≈ ∇f", computed: centralDifferenceGradient(at: p, of: f), reference: grad,
                      method: "finite differences, h = 1e−5", tolerance: finiteDifferenceTolerance(norm(grad))),
        ]

        let q = point4
        let grad4 = gradient(at: q, of: g)
        let symbolic4 = try symbolicDerivative(of: "w^2 + x^2 + y^2 + z^2", withRespectTo: ["w", "x", "y", "z"], lhs: "∇g")
        var second = TourExample(title: "g(w, x, y, z) = w² + x² + y² + z²", formula: "g(w, x, y, z) = w² + x² + y² + z²",
                                 point: "(w, x, y, z) = \(show(q))", symbolic: symbolic4.results, steps: symbolic4.steps)
        second.values = [TourValue("∇g\(show(q))", grad4)]
        second.checks = [
            TourCheck("∇g = (2w, 2x, 2y, 2z)", computed: grad4, reference: q.map { 2 * $0 }, method: "closed form"),
            TourCheck("Slope's symbolic ∇g, evaluated at the point, agrees", computed: symbolic4.values(at: q),
                      reference: grad4, method: "reverse mode"),
            TourCheck("central differences ≈ ∇g", computed: centralDifferenceGradient(at: q, of: g), reference: grad4,
                      method: "finite differences, h = 1e−5", tolerance: finiteDifferenceTolerance(norm(grad4))),
        ]

        var third = TourExample(title: "The gradient as a dot product", formula: "D_v f = ∇f · v",
                                point: "(x, y, z) = \(show(p))")
        let steepest = unit(grad)
        let directions: [(String, [Double])] = [
            ("e_x = (1, 0, 0)", [1, 0, 0]),
            ("(1, 1, 1)/√3", unit([1, 1, 1])),
            ("∇f/‖∇f‖ (steepest ascent)", steepest),
            ("−∇f/‖∇f‖ (steepest descent)", steepest.map { -$0 }),
            ("(4, 1, 0), at right angles to ∇f", [4, 1, 0]),
        ]
        for (name, v) in directions {
            let dd = try directionalDerivative(at: p, along: v, of: f)
            third.values.append(TourValue("D_v f, v = \(name)", dd))
            third.checks.append(TourCheck("one forward pass gives ∇f·v for v = \(name)", computed: dd,
                                          reference: dot(grad, v), method: "dot product with reverse-mode ∇f",
                                          tolerance: 1e-12 * Swift.max(1, norm(grad))))
        }
        // Among many unit directions, none climbs faster than ∇f/‖∇f‖, which climbs at rate ‖∇f‖.
        let sampled = sphereDirections(count: 200).map { v in (try? directionalDerivative(at: p, along: v, of: f)) ?? .nan }
        let fastest = sampled.max() ?? .nan
        third.values.append(TourValue("‖∇f‖", norm(grad)))
        third.values.append(TourValue("fastest of 200 other unit directions", fastest))
        third.checks.append(TourCheck("no unit direction climbs faster than ‖∇f‖", holds: fastest <= norm(grad) + 1e-12,
                                      method: "200 directions spread over the sphere"))
        third.notes = [
            "D_v f = ‖∇f‖·‖v‖·cos θ is largest when v points along ∇f (θ = 0) and zero at right angles to it",
            "gradient descent steps along −∇f, the direction of steepest descent",
        ]

        let section = TourSection(
            number: 2, title: "Navigating with gradients",
            summary: "For a function of several inputs the gradient ∇f collects the partial derivatives ∂f/∂xᵢ (each input moved alone, the others held still). Its dot product with a direction v is the rate of change along v, so ∇f points uphill fastest.",
            examples: [first, second, third], figures: [])
        return (section, [contourFigure()])
    }

    /// Contours of f on the plane z = 0 with its gradient arrows and the steepest-ascent direction at a point.
    static func contourFigure() -> TourFigure {
        var figure = Figure(title: "f(x, y, 0) = x² + 2y²: contours and gradient arrows", xLabel: "x", yLabel: "y")
        figure.equalAspect = true
        figure.yPadding = 0
        figure.legendPlacement = .right
        figure.height = 520
        figure.width = 900
        figure.add(ContourLines(x: -3...3, y: -3...3, label: "contours of f") { x, y in f([x, y, 0]) })
        figure.add(GradientField(x: -3...3, y: -3...3, count: 13, label: "∇f = (2x, 4y), uphill") { x, y in
            let g = gradient(at: [x, y, 0], of: f)
            return (g[0], g[1])
        })
        let start = PlotPoint(point[0], point[1])
        let g = gradient(at: [point[0], point[1], 0], of: f)
        let direction = unit([g[0], g[1]])
        figure.add(ArrowLayer(from: start, to: PlotPoint(start.x + direction[0], start.y + direction[1]),
                              label: "∇f/‖∇f‖ at \(show([point[0], point[1]])): steepest ascent", color: Palette.ink))
        figure.add(ArrowLayer(from: start, to: PlotPoint(start.x - direction[0], start.y - direction[1]),
                              label: "−∇f/‖∇f‖: steepest descent", color: Palette.blue))
        figure.add(ScatterPoints(points: [start]))
        return TourFigure(file: "2-gradient-field.svg",
                          caption: "contours of x² + 2y² with gradient arrows, and the steepest directions at (1, −2)",
                          document: figure)
    }

    /// `count` unit vectors spread over the sphere (a Fibonacci lattice: deterministic and even).
    static func sphereDirections(count: Int) -> [[Double]] {
        let golden = Double.pi * (3 - 5.0.squareRoot())
        return (0..<count).map { i in
            let z = 1 - 2 * (Double(i) + 0.5) / Double(count)
            let r = (1 - z * z).squareRoot()
            let a = golden * Double(i)
            return [r * cosine(a), r * sine(a), z]
        }
    }
}
