import AutoDiff
import Plots

/// Draws a function of two variables as contour lines, optionally with its gradient arrows
/// (reverse mode at each grid point), on equal axes so the arrows cross the contours at right angles.
///
/// Throws `RecipeError` unless f has exactly two variables and both ranges are valid.
public func plotContours(_ f: some ScalarFunction, label: String, x: ClosedRange<Double>, y: ClosedRange<Double>,
                         gradientField: Bool) throws -> Figure {
    guard f.variables.count == 2 else {
        throw RecipeError.wrongVariableCount(needed: "two variables", variables: f.variables,
                                             hint: f.variables.count < 2 ? "drop --contour to plot a curve" : "")
    }
    try requireRange(x, "x range")
    try requireRange(y, "y range")
    let (a, b) = (f.variables[0], f.variables[1])
    var figure = Figure(title: "f(\(a), \(b)) = \(label)", xLabel: a, yLabel: b)
    figure.equalAspect = true
    figure.yPadding = 0
    figure.legendPlacement = .right
    figure.width = 900
    figure.height = 560
    figure.add(ContourLines(x: x, y: y, resolution: 121, label: "contours of f") { u, v in f([u, v]) })
    if gradientField {
        figure.add(GradientField(x: x, y: y, count: 15, label: "∇f (uphill)") { u, v in
            let g = gradient(at: [u, v]) { f($0) }
            return (g[0], g[1])
        })
    }
    figure.legend = .always
    return figure
}
