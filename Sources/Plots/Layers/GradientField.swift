import Foundation

/// Gradient arrows on a grid: at each point an arrow along ∇f (steepest ascent), lengths scaled so the
/// longest fits its grid cell. Arrows are drawn perpendicular to contours when the figure's aspect is equal.
///
/// ```swift
/// GradientField(x: -3...3, y: -3...3, label: "∇f") { x, y in (2 * x, 4 * y) }
/// ```
public struct GradientField: PlotLayer {
    /// The arrows' centres, in data coordinates.
    public let anchors: [PlotPoint]
    /// The gradient at each anchor.
    public let vectors: [PlotPoint]
    /// The x-interval covered.
    public let x: ClosedRange<Double>
    /// The y-interval covered.
    public let y: ClosedRange<Double>
    /// Arrows per side.
    public let count: Int
    /// The legend label.
    public var label: String?
    /// Arrow colour.
    public var color: String

    /// Samples `gradient` on `count` × `count` points of `x` × `y`, inset half a cell from the edges.
    public init(x: ClosedRange<Double>, y: ClosedRange<Double>, count: Int = 13, label: String? = nil,
                color: String = Palette.vermillion,
                sampling gradient: (Double, Double) throws -> (Double, Double)) rethrows {
        self.x = x
        self.y = y
        self.count = Swift.max(1, count)
        self.label = label
        self.color = color
        var anchors: [PlotPoint] = [], vectors: [PlotPoint] = []
        let n = Double(self.count)
        for j in 0..<self.count {
            for i in 0..<self.count {
                let px = x.lowerBound + (x.upperBound - x.lowerBound) * (Double(i) + 0.5) / n
                let py = y.lowerBound + (y.upperBound - y.lowerBound) * (Double(j) + 0.5) / n
                let g = try gradient(px, py)
                anchors.append(PlotPoint(px, py))
                vectors.append(PlotPoint(g.0, g.1))
            }
        }
        self.anchors = anchors
        self.vectors = vectors
    }

    /// The sampled rectangle.
    public var bounds: DataBounds? { DataBounds(x: x, y: y) }

    /// An arrow swatch when labelled.
    public var legendEntry: LegendEntry? { label.map { LegendEntry($0, swatch: .arrow(color: color)) } }

    /// One `<path class="arrow">` per non-zero finite gradient.
    public func draw(in frame: PlotFrame) -> LayerDrawing {
        let cell = Swift.min(Swift.abs(frame.x.pixelsPerUnit * (x.upperBound - x.lowerBound)),
                             Swift.abs(frame.y.pixelsPerUnit * (y.upperBound - y.lowerBound))) / Double(count)
        let pixelVectors = vectors.map { PlotPoint($0.x * frame.x.pixelsPerUnit, $0.y * frame.y.pixelsPerUnit) }
        let longest = pixelVectors.map { hypot($0.x, $0.y) }.filter(\.isFinite).max() ?? 0
        guard longest > 0 else { return LayerDrawing(elements: []) }
        let scale = 0.85 * cell / longest
        var elements: [SVGElement] = []
        var occupied: [PlotPoint] = []
        for (anchor, v) in zip(anchors, pixelVectors) {
            guard let centre = frame.pixel(anchor), frame.contains(pixel: centre), v.isFinite else { continue }
            let d = PlotPoint(v.x * scale, v.y * scale)
            let length = hypot(d.x, d.y)
            guard length >= 1.5 else { continue }
            elements.append(arrow(from: PlotPoint(centre.x - d.x / 2, centre.y - d.y / 2),
                                  to: PlotPoint(centre.x + d.x / 2, centre.y + d.y / 2), color: color))
            occupied.append(centre)
        }
        return LayerDrawing(elements: elements, occupied: occupied)
    }

    /// Arrows sit above contours and under paths.
    public var depth: Int { -1 }
}

/// An arrow from `a` to `b` (pixels) as one path: a shaft and a filled triangular head.
func arrow(from a: PlotPoint, to b: PlotPoint, color: String, width: Double = 1.6) -> SVGElement {
    let dx = b.x - a.x, dy = b.y - a.y
    let length = hypot(dx, dy)
    let head = Swift.min(8, Swift.max(3.5, 0.4 * length))
    let ux = dx / length, uy = dy / length
    let base = PlotPoint(b.x - head * ux, b.y - head * uy)
    let half = head * 0.5
    var path = PathData()
    path.move(to: a)
    path.line(to: base)
    path.move(to: b)
    path.line(to: PlotPoint(base.x - half * uy, base.y + half * ux))
    path.line(to: PlotPoint(base.x + half * uy, base.y - half * ux))
    path.close()
    return SVGElement("path", ["class": "arrow", "d": path.text, "fill": color, "stroke": color,
                               "stroke-width": svgNumber(width), "stroke-linejoin": "round"])
}
