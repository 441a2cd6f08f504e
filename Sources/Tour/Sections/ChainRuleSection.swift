import AutoDiff
import Plots

/// Section 4, "The Chain Rule": f(g(x)) with f(x) = x² and g(x) = x + 1 has derivative 2(x + 1).
enum ChainRuleSection {
    /// The point where the numbers are shown.
    static let point = 2.0
    /// Points where the derivative is checked against 2(x + 1) bit for bit.
    static let samplePoints = [-3.0, -1, 0, 0.5, 2]

    static func h<T: Scalar>(_ x: T) -> T {
        let inner = x + 1         // g(x) = x + 1
        return inner * inner      // f(u) = u²
    }

    static func build() throws -> (TourSection, [TourFigure]) {
        let x0 = point
        let (value, slope) = valueWithDerivative(at: x0, of: h)
        let inner = x0 + 1
        let outerSlope = derivative(at: inner) { $0 * $0 }    // f′(g(x)) = 2·g(x)
        let innerSlope = derivative(at: x0) { $0 + 1 }        // g′(x) = 1
        let symbolic = try symbolicDerivative(of: "(x + 1)^2", withRespectTo: ["x"], lhs: "(f∘g)′(x)", steps: ["x"])
        var example = TourExample(title: "f(g(x)) with f(x) = x², g(x) = x + 1", formula: "f(g(x)) = (x + 1)²",
                                  point: "x = \(show(x0))", symbolic: symbolic.results, steps: symbolic.steps)
        example.values = [
            TourValue("g(\(show(x0)))", inner),
            TourValue("f′(g(\(show(x0))))", outerSlope),
            TourValue("g′(\(show(x0)))", innerSlope),
            TourValue("(f∘g)′(\(show(x0)))", slope),
            TourValue("f(g(\(show(x0))))", value),
        ]
        example.checks = [
            TourCheck("(f∘g)′(\(show(x0))) = f′(g(\(show(x0))))·g′(\(show(x0)))", computed: slope,
                      reference: outerSlope * innerSlope, method: "product of the two local derivatives"),
            TourCheck("(f∘g)′(x) = 2(x + 1) exactly at x = " + samplePoints.map(show).joined(separator: ", "),
                      computed: samplePoints.map { derivative(at: $0, of: h) }, reference: samplePoints.map { 2 * ($0 + 1) },
                      method: "closed form 2(x + 1)"),
            TourCheck("Slope's symbolic 2(x + 1), evaluated at \(show(x0)), agrees", computed: symbolic.values(at: [x0]),
                      reference: [slope], method: "forward mode"),
            TourCheck("reverse mode (backpropagation) agrees", computed: gradient(at: [x0]) { h($0[0]) }[0],
                      reference: slope, method: "forward mode"),
            TourCheck("central difference ≈ (f∘g)′(\(show(x0)))", computed: centralDifference(at: x0, of: h),
                      reference: slope, method: "finite difference, h = 1e−5", tolerance: finiteDifferenceTolerance(slope)),
        ]
        example.notes = [
            "f′(g(\(show(x0))))·g′(\(show(x0))) = \(show(outerSlope)) × \(show(innerSlope)) = \(show(slope)): the outer derivative at the inner value, times the inner derivative",
            "reverse mode applies exactly this rule backwards through every operation: that is backpropagation",
        ]
        let section = TourSection(
            number: 4, title: "The chain rule",
            summary: "To differentiate a composition f(g(x)), take the outer derivative at the inner value and multiply by the inner derivative: d/dx f(g(x)) = f′(g(x))·g′(x).",
            examples: [example], figures: [])

        var figure = Figure(title: "(x + 1)² and its derivative 2(x + 1)", xLabel: "x", yLabel: "y")
        figure.add(Curve(sampling: { h($0) }, over: -4...2.5, label: "f(g(x)) = (x + 1)²"))
        figure.add(Curve(sampling: { derivative(at: $0, of: h) }, over: -4...2.5, label: "(f∘g)′(x) = 2(x + 1)",
                         style: LineStyle(color: Palette.green)))
        figure.add(Curve(sampling: { $0 + 1 }, over: -4...2.5, label: "inner g(x) = x + 1",
                         style: LineStyle(color: Palette.purple, width: 1.8).dashed))
        figure.add(TangentLine(at: PlotPoint(x0, value), slope: slope, label: "tangent at x = \(show(x0)), slope \(show(slope))"))
        return (section, [TourFigure(file: "4-chain-rule.svg", caption: "(x + 1)², its derivative by the chain rule, a tangent",
                                     document: figure)])
    }
}
