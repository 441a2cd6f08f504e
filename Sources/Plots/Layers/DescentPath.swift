/// The iterates of an optimizer joined in order: a hollow ring at the start, dots at (up to 40)
/// iterates, and a filled marker at the final point.
///
/// ```swift
/// DescentPath(points: [PlotPoint(2, 1), PlotPoint(1.2, 0.2), PlotPoint(0.7, 0.04)], label: "gradient descent")
/// ```
public struct DescentPath: PlotLayer {
    /// The iterates, first to last.
    public var points: [PlotPoint]
    /// The legend label.
    public var label: String?
    /// The stroke.
    public var style: LineStyle

    /// A path through `points`.
    public init(points: [PlotPoint], label: String? = nil, style: LineStyle = LineStyle(color: Palette.ink, width: 2)) {
        self.points = points
        self.label = label
        self.style = style
    }

    /// The extent of the iterates.
    public var bounds: DataBounds? { DataBounds(points: points) }

    /// A line-with-marker swatch when labelled.
    public var legendEntry: LegendEntry? { label.map { LegendEntry($0, swatch: .lineWithMarker(style)) } }

    /// A `<path class="descent-path">`, `<circle class="iterate">`s, a `start` and an `end` marker.
    public func draw(in frame: PlotFrame) -> LayerDrawing {
        var elements: [SVGElement] = []
        let path = frame.clippedPath(through: points)
        if !path.isEmpty {
            var line = SVGElement("path", ["class": "descent-path", "d": path.text])
            style.apply(to: &line)
            elements.append(line)
        }
        let pixels = points.map(frame.pixel)
        let stride = Swift.max(1, points.count / 40)
        var occupied: [PlotPoint] = []
        for (k, p) in pixels.enumerated() {
            guard let p, frame.contains(pixel: p) else { continue }
            occupied.append(p)
            if k > 0, k < points.count - 1, k % stride == 0 {
                elements.append(dotElement(at: p, radius: 2.6, fill: style.color, stroke: "none", cssClass: "iterate"))
            }
        }
        if let first = pixels.first ?? nil, frame.contains(pixel: first) {
            elements.append(SVGElement("circle", ["class": "start", "cx": svgNumber(first.x), "cy": svgNumber(first.y),
                                                  "r": "6", "fill": "#ffffff", "stroke": style.color, "stroke-width": "2.5"]))
        }
        if points.count > 1, let last = pixels.last ?? nil, frame.contains(pixel: last) {
            elements.append(dotElement(at: last, radius: 6, fill: Palette.vermillion, cssClass: "end"))
        }
        return LayerDrawing(elements: elements, occupied: occupied)
    }
}
