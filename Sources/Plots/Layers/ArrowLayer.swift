/// One labelled arrow between two data points — a gradient drawn at the point where it was taken.
///
/// ```swift
/// ArrowLayer(from: PlotPoint(1, -2), to: PlotPoint(1.24, -2.97), label: "∇f: steepest ascent")
/// ```
public struct ArrowLayer: PlotLayer {
    /// The tail (data coordinates).
    public var from: PlotPoint
    /// The head (data coordinates).
    public var to: PlotPoint
    /// The legend label.
    public var label: String?
    /// The arrow's colour.
    public var color: String

    /// An arrow from `from` to `to`.
    public init(from: PlotPoint, to: PlotPoint, label: String? = nil, color: String = Palette.ink) {
        self.from = from
        self.to = to
        self.label = label
        self.color = color
    }

    /// Both ends constrain the axes.
    public var bounds: DataBounds? { DataBounds(points: [from, to]) }

    /// An arrow swatch when labelled.
    public var legendEntry: LegendEntry? { label.map { LegendEntry($0, swatch: .arrow(color: color)) } }

    /// One `<path class="arrow">`, drawn bolder than a gradient field's arrows.
    public func draw(in frame: PlotFrame) -> LayerDrawing {
        guard let a = frame.pixel(from), let b = frame.pixel(to), a != b else { return LayerDrawing(elements: []) }
        var element = arrow(from: a, to: b, color: color, width: 3)
        element.set("class", "arrow highlighted")
        return LayerDrawing(elements: [element], occupied: [a, b])
    }

    /// Highlighted arrows sit on top.
    public var depth: Int { 1 }
}
