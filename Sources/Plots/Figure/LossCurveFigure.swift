extension Figure {
    /// A loss-per-iteration figure, on a logarithmic y-axis unless `logarithmic` is false or no loss
    /// is positive (on a log axis non-positive values are left out). Pass several named series to
    /// compare optimizers.
    ///
    /// ```swift
    /// Figure.lossCurve([("gradient descent", losses)], title: "MSE while training")
    /// ```
    public static func lossCurve(_ series: [(label: String, losses: [Double])], title: String = "Loss",
                                 logarithmic: Bool = true) -> Figure {
        var figure = Figure(title: title, xLabel: "iteration", yLabel: "loss")
        let anyPositive = series.contains { $0.losses.contains { $0 > 0 && $0.isFinite } }
        figure.yAxis = logarithmic && anyPositive ? .logarithmic : .linear
        for (i, s) in series.enumerated() {
            figure.add(Curve(points: s.losses.enumerated().map { PlotPoint(Double($0.offset), $0.element) },
                             label: s.label, style: LineStyle(color: Palette.color(i))))
        }
        return figure
    }
}
