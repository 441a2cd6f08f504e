/// Data points drawn as dots (a dataset under its regression line).
public struct ScatterPoints: PlotLayer {
    /// The points.
    public var points: [PlotPoint]
    /// The legend label.
    public var label: String?
    /// Dot colour.
    public var color: String

    /// Dots at `points`.
    public init(points: [PlotPoint], label: String? = nil, color: String = Palette.ink) {
        self.points = points
        self.label = label
        self.color = color
    }

    /// The extent of the points.
    public var bounds: DataBounds? { DataBounds(points: points) }

    /// A marker swatch when labelled.
    public var legendEntry: LegendEntry? { label.map { LegendEntry($0, swatch: .marker(color: color)) } }

    /// One `<circle class="point">` per drawable point.
    public func draw(in frame: PlotFrame) -> LayerDrawing {
        let pixels = points.compactMap(frame.pixel).filter { frame.contains(pixel: $0) }
        return LayerDrawing(elements: pixels.map { dotElement(at: $0, radius: 4, fill: color, cssClass: "point") },
                            occupied: pixels)
    }
}
