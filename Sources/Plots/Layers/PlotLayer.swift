/// What a layer drew: its SVG elements and the pixels it covers (so the legend can avoid them).
public struct LayerDrawing: Sendable {
    /// The elements, in drawing order.
    public var elements: [SVGElement]
    /// Pixel positions the layer occupies (a sample is enough).
    public var occupied: [PlotPoint]

    /// A drawing from its parts.
    public init(elements: [SVGElement], occupied: [PlotPoint] = []) {
        self.elements = elements
        self.occupied = occupied
    }
}

/// How a legend entry's swatch is drawn.
public enum LegendSwatch: Sendable, Equatable {
    /// A short line in this style.
    case line(LineStyle)
    /// A line with a dot on it (paths, scatter).
    case lineWithMarker(LineStyle)
    /// A dot only.
    case marker(color: String)
    /// A small arrow (gradient fields).
    case arrow(color: String)
}

/// One row of a legend.
public struct LegendEntry: Sendable, Equatable {
    /// The text shown.
    public var label: String
    /// The sample drawn beside it.
    public var swatch: LegendSwatch

    /// An entry `label` with its swatch.
    public init(_ label: String, swatch: LegendSwatch) {
        self.label = label
        self.swatch = swatch
    }
}

/// Something drawn inside a figure's plotting frame: a curve, a line, contours, arrows, a path.
///
/// Layers hold data only (functions are sampled when the layer is made), so figures are values.
public protocol PlotLayer: Sendable {
    /// The data region this layer needs visible, or nil if it does not constrain the axes.
    var bounds: DataBounds? { get }
    /// The legend row for this layer, or nil for none.
    var legendEntry: LegendEntry? { get }
    /// Draws the layer through `frame`.
    func draw(in frame: PlotFrame) -> LayerDrawing
    /// Layers with lower depth are drawn first (underneath); equal depths keep insertion order.
    var depth: Int { get }
}

extension PlotLayer {
    /// Curves, lines and paths sit at depth 0.
    public var depth: Int { 0 }
}
