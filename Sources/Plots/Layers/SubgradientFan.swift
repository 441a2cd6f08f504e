/// A fan of supporting lines through a kink: one line for each of several slopes spread evenly over
/// the subdifferential [lower, upper] — the article's Figure 1 (|x| at 0: slopes in [−1, 1];
/// ReLU at 0: slopes in [0, 1]).
///
/// ```swift
/// SubgradientFan(at: PlotPoint(0, 0), slopes: -1...1, label: "subgradients g ∈ [−1, 1]")
/// ```
public struct SubgradientFan: PlotLayer {
    /// The kink (data coordinates).
    public var point: PlotPoint
    /// The interval of slopes (a single slope where the function is differentiable).
    public var slopes: ClosedRange<Double>
    /// How many lines to draw (at least 2 when the interval is wider than a point).
    public var lineCount: Int
    /// The legend label.
    public var label: String?
    /// The colour of the fan.
    public var color: String

    /// A fan of `lineCount` lines through `point` with slopes spread over `slopes`.
    public init(at point: PlotPoint, slopes: ClosedRange<Double>, lineCount: Int = 9,
                label: String? = nil, color: String = Palette.vermillion) {
        self.point = point
        self.slopes = slopes
        self.lineCount = lineCount
        self.label = label
        self.color = color
    }

    /// The slopes of the lines drawn, from lower to upper.
    public var drawnSlopes: [Double] {
        let low = slopes.lowerBound, high = slopes.upperBound
        guard high > low else { return [low] }
        let n = Swift.max(2, lineCount)
        return (0..<n).map { low + (high - low) * Double($0) / Double(n - 1) }
    }

    /// Only the kink constrains the axes.
    public var bounds: DataBounds? { DataBounds(points: [point]) }

    /// A line swatch when labelled.
    public var legendEntry: LegendEntry? {
        label.map { LegendEntry($0, swatch: .line(LineStyle(color: color, width: 1.6))) }
    }

    /// One `<path class="subgradient">` per slope (the two extremes bolder) and a dot at the kink.
    public func draw(in frame: PlotFrame) -> LayerDrawing {
        var elements: [SVGElement] = []
        let all = drawnSlopes
        for (i, m) in all.enumerated() {
            let extreme = i == 0 || i == all.count - 1
            let path = frame.clippedPath(through: lineAcrossFrame(through: point, slope: m, in: frame))
            guard !path.isEmpty else { continue }
            var line = SVGElement("path", ["class": "subgradient", "d": path.text, "data-slope": formatSlope(m)])
            LineStyle(color: color, width: extreme ? 1.8 : 1.2, opacity: extreme ? 0.9 : 0.45).apply(to: &line)
            elements.append(line)
        }
        var occupied: [PlotPoint] = []
        if let p = frame.pixel(point), frame.contains(pixel: p) {
            elements.append(dotElement(at: p, radius: 5, fill: Palette.ink))
            occupied.append(p)
        }
        return LayerDrawing(elements: elements, occupied: occupied)
    }

    private func formatSlope(_ m: Double) -> String {
        let r = (m * 1e9).rounded() / 1e9
        return r == r.rounded() ? String(Int64(r)) : "\(r)"
    }

    /// The fan sits under the function it supports.
    public var depth: Int { -1 }
}
