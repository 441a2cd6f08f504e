/// The line through a point of a curve with a given slope — the tangent y = f(x₀) + f′(x₀)(x − x₀) —
/// drawn across the whole frame, with a dot at the point of tangency.
///
/// ```swift
/// TangentLine(at: PlotPoint(1, 1), slope: 2, label: "tangent at x = 1, slope 2")
/// ```
public struct TangentLine: PlotLayer {
    /// The point of tangency (data coordinates).
    public var point: PlotPoint
    /// The slope f′(x₀).
    public var slope: Double
    /// The legend label.
    public var label: String?
    /// The stroke.
    public var style: LineStyle

    /// The line through `point` with `slope`.
    public init(at point: PlotPoint, slope: Double, label: String? = nil,
                style: LineStyle = LineStyle(color: Palette.vermillion, width: 2).dashed) {
        self.point = point
        self.slope = slope
        self.label = label
        self.style = style
    }

    /// Only the point of tangency constrains the axes.
    public var bounds: DataBounds? { DataBounds(points: [point]) }

    /// A line swatch when labelled.
    public var legendEntry: LegendEntry? { label.map { LegendEntry($0, swatch: .line(style)) } }

    /// One `<path class="tangent">` and a `<circle class="marker">`.
    public func draw(in frame: PlotFrame) -> LayerDrawing {
        var elements: [SVGElement] = []
        let path = frame.clippedPath(through: lineAcrossFrame(through: point, slope: slope, in: frame))
        if !path.isEmpty {
            var line = SVGElement("path", ["class": "tangent", "d": path.text])
            style.apply(to: &line)
            elements.append(line)
        }
        var occupied: [PlotPoint] = []
        if let p = frame.pixel(point), frame.contains(pixel: p) {
            elements.append(dotElement(at: p, fill: style.color))
            occupied.append(p)
        }
        return LayerDrawing(elements: elements, occupied: occupied)
    }
}
