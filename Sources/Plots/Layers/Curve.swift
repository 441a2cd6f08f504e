/// A curve y = f(x) drawn through sampled points; non-finite samples break the line (asymptotes, domains).
///
/// ```swift
/// Curve(sampling: { $0 * $0 }, over: -3...3, label: "f(x) = x²")
/// ```
public struct Curve: PlotLayer {
    /// The points joined in order.
    public var points: [PlotPoint]
    /// The legend label (nil for no legend row).
    public var label: String?
    /// The stroke.
    public var style: LineStyle

    /// A curve through given points.
    public init(points: [PlotPoint], label: String? = nil, style: LineStyle = LineStyle(color: Palette.blue)) {
        self.points = points
        self.label = label
        self.style = style
    }

    /// A curve sampling `f` at `samples` evenly spaced points of `range` (cost: `samples` calls).
    public init(sampling f: (Double) throws -> Double, over range: ClosedRange<Double>, samples: Int = 401,
                label: String? = nil, style: LineStyle = LineStyle(color: Palette.blue)) rethrows {
        let n = Swift.max(2, samples)
        var points: [PlotPoint] = []
        points.reserveCapacity(n)
        for i in 0..<n {
            let x = range.lowerBound + (range.upperBound - range.lowerBound) * Double(i) / Double(n - 1)
            points.append(PlotPoint(x, try f(x)))
        }
        self.init(points: points, label: label, style: style)
    }

    /// The extent of the finite samples.
    public var bounds: DataBounds? { DataBounds(points: points) }

    /// A line swatch when labelled.
    public var legendEntry: LegendEntry? { label.map { LegendEntry($0, swatch: .line(style)) } }

    /// One `<path class="curve">`.
    public func draw(in frame: PlotFrame) -> LayerDrawing {
        let path = frame.clippedPath(through: points)
        var element = SVGElement("path", ["class": "curve", "d": path.text])
        style.apply(to: &element)
        if let label { element.set("data-label", label) }
        let occupied = points.compactMap(frame.pixel).filter { frame.contains(pixel: $0) }
        return LayerDrawing(elements: path.isEmpty ? [] : [element], occupied: occupied)
    }
}
