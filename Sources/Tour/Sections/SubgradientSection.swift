import AutoDiff
import Plots

/// Section 3, "Sub-Gradients": |x| and ReLU away from 0 and at the kink, where the subgradients form
/// whole intervals, [−1, 1] and [0, 1].
enum SubgradientSection {
    /// Points either side of the kink.
    static let sidePoints = [-1.5, 2.0]
    /// Test points for the subgradient inequality f(y) ≥ f(0) + g·y.
    static let probes = stride(from: -2.0, through: 2.0, by: 0.25).map { $0 }

    /// A function of the section: its name, the article's interval at 0, and the engine function.
    struct Kinked {
        let name: String
        let formula: String
        let expected: ClosedRange<Double>
        let sides: [Double]
        let text: String
        let apply: (Dual<Double>) -> Dual<Double>
        let oneSided: (OneSided) -> OneSided
        let plain: (Double) -> Double
    }

    static var functions: [Kinked] { [
        Kinked(name: "|x|", formula: "f(x) = |x|", expected: -1...1, sides: [-1, 1], text: "abs(x)", apply: { abs($0) },
               oneSided: { abs($0) }, plain: { Swift.abs($0) }),
        Kinked(name: "ReLU", formula: "f(x) = max(x, 0)", expected: 0...1, sides: [0, 1], text: "max(x, 0)",
               apply: { max($0, 0) }, oneSided: { max($0, 0) }, plain: { Swift.max($0, 0) }),
    ] }

    /// The interval between the derivatives the engine returns under the `.lower` and `.upper` kink
    /// policies: an independent route to the subdifferential of these one-kink functions.
    static func policyInterval(at x: Double, of f: (Dual<Double>) -> Dual<Double>) -> ClosedRange<Double> {
        let below = withKinkPolicy(.lower) { derivative(at: x, of: f) }.result
        let above = withKinkPolicy(.upper) { derivative(at: x, of: f) }.result
        return Swift.min(below, above)...Swift.max(below, above)
    }

    /// The exact subdifferential [f′₋(x), f′₊(x)] from AutoDiff's one-sided derivatives (the whole
    /// line if it were not an interval, so that the checks fail visibly).
    static func interval(at x: Double, of k: Kinked) -> ClosedRange<Double> {
        subdifferential(at: x, of: k.oneSided).interval ?? -Double.infinity...Double.infinity
    }

    static func build() throws -> (TourSection, [TourFigure]) {
        var examples: [TourExample] = []
        for k in functions {
            var example = TourExample(title: k.formula, formula: k.formula, point: "x = −1.5, 2 and the kink x = 0")
            example.symbolic = try symbolicDerivative(of: k.text, withRespectTo: ["x"], lhs: "f′(x)").results
            for (x, expected) in zip(sidePoints, k.sides) {
                let d = derivative(at: x, of: k.apply)
                example.values.append(TourValue("f′(\(show(x)))", d))
                example.checks.append(TourCheck("\(k.name)′(\(show(x))) = \(show(expected)): a single subgradient",
                                                computed: [interval(at: x, of: k).lowerBound, interval(at: x, of: k).upperBound],
                                                reference: [expected, expected], method: "the article"))
            }
            let interval = interval(at: 0, of: k)
            let byPolicies = policyInterval(at: 0, of: k.apply)
            let (chosen, kinks) = withKinkPolicy(.minimumNorm) { derivative(at: 0, of: k.apply) }
            example.values.append(TourValue("∂f(0)", [interval.lowerBound, interval.upperBound], isInterval: true))
            example.values.append(TourValue("default subgradient at 0 (minimum norm)", chosen))
            example.checks.append(TourCheck("∂\(k.name)(0) = [\(show(k.expected.lowerBound)), \(show(k.expected.upperBound))]",
                                            computed: [interval.lowerBound, interval.upperBound],
                                            reference: [k.expected.lowerBound, k.expected.upperBound],
                                            method: "the article"))
            example.checks.append(TourCheck("the .lower and .upper kink policies give the same two ends",
                                            computed: [byPolicies.lowerBound, byPolicies.upperBound],
                                            reference: [interval.lowerBound, interval.upperBound],
                                            method: "AutoDiff's one-sided subdifferential"))
            example.checks.append(TourCheck("the engine knows it met a kink at 0", holds: !kinks.isEmpty,
                                            method: "kink log"))
            // Every g in the interval supports the graph: f(y) ≥ f(0) + g·y for all y; a slope outside does not.
            let inside = stride(from: interval.lowerBound, through: interval.upperBound, by: 0.125).allSatisfy { g in
                probes.allSatisfy { y in k.plain(y) >= k.plain(0) + g * y }
            }
            let outside = [interval.lowerBound - 0.1, interval.upperBound + 0.1].allSatisfy { g in
                probes.contains { y in k.plain(y) < k.plain(0) + g * y }
            }
            example.checks.append(TourCheck("every g in ∂f(0) gives a line under the graph: f(y) ≥ f(0) + g·y",
                                            holds: inside, method: "\(probes.count) points y in [−2, 2]"))
            example.checks.append(TourCheck("slopes just outside ∂f(0) cut the graph", holds: outside,
                                            method: "\(probes.count) points y in [−2, 2]"))
            example.notes = ["gradient descent needs one subgradient at 0; Slope picks \(show(chosen)), the element of least norm"]
            examples.append(example)
        }
        let section = TourSection(
            number: 3, title: "Sub-gradients",
            summary: "Where a function has a kink it has no single slope. A subgradient is any slope g whose line through the kink stays under the graph; at 0 those slopes fill an interval: [−1, 1] for |x| and [0, 1] for ReLU.",
            examples: examples, figures: [])
        return (section, [figureOne()])
    }

    /// The article's Figure 1: |x| and ReLU with their fans of subgradient lines at 0.
    static func figureOne() -> TourFigure {
        let panels = functions.map { k -> Figure in
            let interval = interval(at: 0, of: k)
            let text = "[\(show(interval.lowerBound)), \(show(interval.upperBound))]"
            var figure = Figure(title: "\(k.formula): subgradients at 0 fill \(text)", xLabel: "x", yLabel: "f(x)")
            figure.width = 600
            figure.yRange = -1...2
            figure.add(Curve(sampling: k.plain, over: -2...2, label: k.formula))
            figure.add(SubgradientFan(at: PlotPoint(0, 0), slopes: interval,
                                      lineCount: interval.upperBound - interval.lowerBound > 1 ? 9 : 5,
                                      label: "lines of slope g ∈ \(text)"))
            return figure
        }
        return TourFigure(file: "3-subgradients.svg",
                          caption: "the article's Figure 1: |x| and ReLU with every subgradient line at the kink",
                          document: FigureRow(panels))
    }
}
