/// A filled dot at a pixel position (used by several layers).
func dotElement(at p: PlotPoint, radius: Double = 4.5, fill: String, stroke: String = "#ffffff",
                cssClass: String = "marker") -> SVGElement {
    SVGElement("circle", ["class": cssClass, "cx": svgNumber(p.x), "cy": svgNumber(p.y), "r": svgNumber(radius),
                          "fill": fill, "stroke": stroke, "stroke-width": "1.5"])
}

/// The pixel endpoints of the line through data point `p` with slope `m`, spanning the frame's x-range.
func lineAcrossFrame(through p: PlotPoint, slope m: Double, in frame: PlotFrame) -> [PlotPoint] {
    let x0 = frame.x.domain.lowerBound, x1 = frame.x.domain.upperBound
    // Sample a few points so the line survives a log y-axis as far as it can.
    let n = frame.y.kind == .linear ? 2 : 200
    return (0..<n).map { i in
        let x = x0 + (x1 - x0) * Double(i) / Double(n - 1)
        return PlotPoint(x, p.y + m * (x - p.x))
    }
}
