import AutoDiff
import Learning
import Optimizers
import Plots

/// Section 5, "Calculating Gradients: Practical Examples": ∇‖w‖² = 2w, ∇_w(w·x) = x, and the
/// gradient of the linear-regression MSE on Slope's practice dataset — then gradient descent with
/// that gradient reaching the exact least-squares line.
enum PracticalSection {
    static let w = [1.0, -2, 3, 0.5]
    static let x = [2.0, -1, 0.5, 3]
    /// Gradient descent's fixed step: below 1/λ_max(∇²L) ≈ 0.019 for this dataset, so the steep
    /// direction never overshoots (up to 2/λ_max ≈ 0.038 would still converge, zigzagging).
    static let learningRate = 0.018
    static let start = [0.0, 0.0]

    /// w·x for engine values w and constants x.
    static func dotProduct<T: Scalar>(_ w: [T], _ x: [Double]) -> T {
        var total: T = 0
        for (wi, xi) in zip(w, x) { total += wi * T(xi) }
        return total
    }

    /// The MSE L(w, b) = (1/N) Σ (w·xᵢ + b − yᵢ)² of the practice dataset, as an engine function of [w, b].
    static func meanSquaredError<T: Scalar>(_ p: [T]) -> T {
        var total: T = 0
        for (xi, yi) in zip(PracticeDataset.x, PracticeDataset.y) {
            let residual = p[0] * T(xi) + p[1] - T(yi)
            total += residual * residual
        }
        return total / T(Double(PracticeDataset.x.count))
    }

    /// The average over the dataset of a per-sample vector.
    static func averagedOverData(_ perSample: (Double, Double) -> [Double]) -> [Double] {
        var total: [Double] = []
        for (xi, yi) in zip(PracticeDataset.x, PracticeDataset.y) {
            let v = perSample(xi, yi)
            total = total.isEmpty ? v : zip(total, v).map { $0 + $1 }
        }
        return total.map { $0 / Double(PracticeDataset.x.count) }
    }

    /// The article's closed form: ∂L/∂w = (2/N) Σ (w·xᵢ + b − yᵢ)·xᵢ, ∂L/∂b = (2/N) Σ (w·xᵢ + b − yᵢ).
    static func articleGradient(_ p: [Double]) -> [Double] {
        let n = Double(PracticeDataset.x.count)
        var gw = 0.0, gb = 0.0
        for (xi, yi) in zip(PracticeDataset.x, PracticeDataset.y) {
            let r = p[0] * xi + p[1] - yi
            gw += r * xi
            gb += r
        }
        return [2 / n * gw, 2 / n * gb]
    }

    static func build() throws -> (TourSection, [TourFigure]) {
        var norm2 = TourExample(title: "5.1 the squared norm", formula: "‖w‖² = w₁² + w₂² + … + wₙ²", point: "w = \(show(w))")
        let symbolicNorm = try symbolicDerivative(of: "w1^2 + w2^2 + w3^2 + w4^2", withRespectTo: ["w1", "w2", "w3", "w4"],
                                                  lhs: "∇‖w‖²", steps: ["w1"])
        norm2.symbolic = symbolicNorm.results
        norm2.steps = symbolicNorm.steps + ["(likewise for w2, w3, w4)"]
        let gNorm = gradient(at: w) { v in v.dropFirst().reduce(v[0] * v[0]) { $0 + $1 * $1 } }
        norm2.values = [TourValue("∇‖w‖²", gNorm)]
        norm2.checks = [
            TourCheck("∇‖w‖² = 2w", computed: gNorm, reference: w.map { 2 * $0 }, method: "closed form 2w"),
            TourCheck("Slope's symbolic gradient, evaluated at w, agrees", computed: symbolicNorm.values(at: w),
                      reference: gNorm, method: "reverse mode"),
        ]
        norm2.notes = ["only wᵢ² depends on wᵢ, so ∂‖w‖²/∂wᵢ = 2wᵢ"]

        var dotExample = TourExample(title: "5.2 the dot product", formula: "w·x = w₁x₁ + w₂x₂ + … + wₙxₙ",
                                     point: "w = \(show(w)), x = \(show(x))")
        let gDot = gradient(at: w) { v in dotProduct(v, x) }
        let symbolicDot = try symbolicDerivative(of: "w1*x1 + w2*x2 + w3*x3 + w4*x4", withRespectTo: ["w1", "w2", "w3", "w4"],
                                                 lhs: "∇_w(w·x)", others: ["x1", "x2", "x3", "x4"])
        dotExample.symbolic = symbolicDot.results
        dotExample.values = [TourValue("∇_w(w·x)", gDot)]
        dotExample.checks = [
            TourCheck("∇_w(w·x) = x", computed: gDot, reference: x, method: "closed form x"),
            TourCheck("Slope's symbolic gradient, evaluated at (w, x), agrees", computed: symbolicDot.values(at: w + x),
                      reference: gDot, method: "reverse mode"),
        ]
        dotExample.notes = ["only wᵢxᵢ depends on wᵢ, so ∂(w·x)/∂wᵢ = xᵢ, whatever w is"]

        var regression = TourExample(title: "5.3 the linear-regression loss on Slope's practice dataset",
                                     formula: "L(w, b) = (1/N) Σ (w·xᵢ + b − yᵢ)²",
                                     point: "(w, b) = \(show(start)), N = \(PracticeDataset.x.count)")
        let symbolicMSE = try symbolicDerivative(of: "(w*x + b - y)^2", withRespectTo: ["w", "b"],
                                                 lhs: "∇_(w,b) (w·x + b − y)²", steps: ["w", "b"], others: ["x", "y"])
        regression.symbolic = symbolicMSE.results
        regression.steps = symbolicMSE.steps
        let (loss0, g0) = valueWithGradient(at: start, of: meanSquaredError)
        let article = articleGradient(start)
        let data = try Dataset(features: PracticeDataset.x, targets: PracticeDataset.y, featureNames: ["x"])
        let fused = LinearRegression(data).lossAndGradient(at: start)
        regression.values = [TourValue("L\(show(start))", loss0), TourValue("∇L\(show(start)) = (∂L/∂w, ∂L/∂b)", g0)]
        regression.checks = [
            TourCheck("reverse mode ∇L = the article's (2/N) Σ rᵢ·(xᵢ, 1)", computed: g0, reference: article,
                      method: "the article's formula", tolerance: 1e-12 * Swift.max(1, norm(article))),
            TourCheck("Learning's fused regression kernel gives the same loss and gradient",
                      computed: [fused.loss] + fused.gradient, reference: [loss0] + g0, method: "reverse mode",
                      tolerance: 1e-12 * Swift.max(1, loss0)),
            TourCheck("(1/N) Σ of Slope's symbolic per-sample gradient = ∇L",
                      computed: averagedOverData { xi, yi in symbolicMSE.values(at: start + [xi, yi]) },
                      reference: g0, method: "reverse mode", tolerance: 1e-12 * Swift.max(1, norm(g0))),
            TourCheck("central differences ≈ ∇L", computed: centralDifferenceGradient(at: start, of: meanSquaredError),
                      reference: g0, method: "finite differences, h = 1e−5", tolerance: finiteDifferenceTolerance(norm(g0))),
        ]

        var descent = TourExample(title: "gradient descent to the least-squares line",
                                  formula: "(w, b) ← (w, b) − η·∇L(w, b)", point: "(w, b) = \(show(start)), η = \(show(learningRate))")
        var gd = try GradientDescent(step: .fixed(learningRate))
        let run = try minimizeRecordingPath(Objective(dimension: 2, meanSquaredError), from: start, using: &gd,
                                            stopping: StoppingRule(gradientTolerance: 1e-11, maximumIterations: 20_000))
        let solution = try exactLeastSquares(data)
        let exact = (w: solution.weights.first ?? .nan, b: solution.bias)
        // The last iterate, where ‖∇L‖ < 1e−11. (`result.point` is the lowest loss seen, and near the
        // minimum the loss is flat to rounding, so that can be an earlier, less accurate iterate.)
        let fitted = run.path.last ?? run.result.point
        descent.values = [
            TourValue("gradient-descent (w, b)", fitted),
            TourValue("exact least-squares (w, b)", [exact.w, exact.b]),
            TourValue("iterations", Double(run.result.iterations)),
            TourValue("final loss", meanSquaredError(fitted)),
            TourValue("final ‖∇L‖", run.result.history.last?.gradientNorm ?? .nan),
        ]
        descent.checks = [
            TourCheck("gradient descent reaches the exact least-squares solution", computed: fitted,
                      reference: [exact.w, exact.b], method: "Learning's exact least squares (\(solution.method.rawValue))", tolerance: 1e-9),
            TourCheck("the exact solution is the line the data was made from, y = 2x + 1", computed: [exact.w, exact.b],
                      reference: [2, 1], method: "how the dataset was built", tolerance: 1e-12),
            TourCheck("the minimum loss is the wobble's mean square, 0.25", computed: meanSquaredError(fitted), reference: 0.25,
                      method: "how the dataset was built", tolerance: 1e-12),
        ]
        descent.notes = [
            "each step moves against the gradient: the direction of steepest descent of the loss",
            "stopped after \(run.result.iterations) steps because ‖∇L‖ fell below 1e−11",
        ]

        let section = TourSection(
            number: 5, title: "Calculating gradients: practical examples",
            summary: "The same rules give the gradients machine learning needs: ∇‖w‖² = 2w, ∇_w(w·x) = x, and, by the chain rule, the gradient of the mean squared error of a linear model — which gradient descent follows down to the best line.",
            examples: [norm2, dotExample, regression, descent], figures: [])
        return (section, figures(run: run))
    }

    static func figures(run: RecordedMinimization) -> [TourFigure] {
        let data = zip(PracticeDataset.x, PracticeDataset.y).map { PlotPoint($0, $1) }
        let p = run.path.last ?? run.result.point
        var fit = Figure(title: "Practice dataset and the line gradient descent found", xLabel: "hours of practice x",
                         yLabel: "points scored y")
        fit.xPadding = 0.05
        fit.add(ScatterPoints(points: data, label: "data (8 players)"))
        fit.add(Curve(sampling: { p[0] * $0 + p[1] }, over: 0.5...8.5,
                      label: "y = \(showRounded(p[0], digits: 4))x + \(showRounded(p[1], digits: 4))"))
        fit.legend = .always

        let history = run.result.history
        var loss = Figure.lossCurve([("L − 0.25", history.map { $0.loss - 0.25 })],
                                    title: "Loss above its minimum, L − L*")
        loss.legend = .never
        loss.yLabel = "L(w, b) − 0.25"
        var slope = Figure.lossCurve([("‖∇L‖", history.map(\.gradientNorm))], title: "Gradient norm ‖∇L‖")
        slope.legend = .never
        slope.yLabel = "‖∇L(w, b)‖"

        var landscape = Figure(title: "L(w, b): contours and the descent path", xLabel: "w", yLabel: "b")
        landscape.equalAspect = true
        landscape.yPadding = 0
        landscape.legendPlacement = .right
        landscape.height = 560
        landscape.width = 900
        let levels = [0.05, 0.2, 0.5, 1, 2, 4, 8, 16, 32, 64, 128].map { 0.25 + $0 }
        landscape.add(ContourLines(x: -0.5...3.5, y: -2...4, resolution: 201, levels: levels, label: "contours of L") { w, b in
            meanSquaredError([w, b])
        })
        landscape.add(DescentPath(points: run.path.map { PlotPoint($0[0], $0[1]) }, label: "gradient descent from (0, 0)"))
        landscape.add(ScatterPoints(points: [PlotPoint(2, 1)], label: "exact least squares (2, 1)", color: Palette.green))
        return [
            TourFigure(file: "5-regression-fit.svg", caption: "the practice dataset and the fitted line", document: fit),
            TourFigure(file: "5-loss.svg", caption: "the loss and the gradient norm falling under gradient descent (logarithmic axes)", document: FigureRow([loss, slope])),
            TourFigure(file: "5-descent-path.svg", caption: "the loss landscape L(w, b) and the path gradient descent took",
                       document: landscape),
        ]
    }
}
