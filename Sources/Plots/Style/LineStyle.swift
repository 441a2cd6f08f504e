/// How a line is stroked.
public struct LineStyle: Sendable, Equatable {
    /// Stroke colour (any CSS colour).
    public var color: String
    /// Stroke width in pixels.
    public var width: Double
    /// Dash pattern in pixels (nil for solid).
    public var dash: [Double]?
    /// Opacity in 0…1.
    public var opacity: Double

    /// A stroke style; solid and opaque unless told otherwise.
    public init(color: String, width: Double = 2.5, dash: [Double]? = nil, opacity: Double = 1) {
        self.color = color
        self.width = width
        self.dash = dash
        self.opacity = opacity
    }

    /// A dashed variant of this style.
    public var dashed: LineStyle {
        var copy = self
        copy.dash = [7, 5]
        return copy
    }

    /// The SVG presentation attributes for a stroked, unfilled shape.
    public func apply(to element: inout SVGElement) {
        element.set("fill", "none")
        element.set("stroke", color)
        element.set("stroke-width", svgNumber(width))
        element.set("stroke-linejoin", "round")
        element.set("stroke-linecap", "round")
        if let dash { element.set("stroke-dasharray", dash.map(svgNumber).joined(separator: " ")) }
        if opacity < 1 { element.set("stroke-opacity", svgNumber(opacity)) }
    }
}
