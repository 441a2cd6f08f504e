/// Lays out a legend box and puts it in the frame corner that hides the fewest drawn pixels.
struct LegendDrawing {
    let entries: [LegendEntry]
    let fontSize = 14.0
    let rowHeight = 22.0
    let padding = 10.0
    let swatchWidth = 30.0

    /// A rough width of `text` at the legend's font size (DejaVu Sans averages ~0.6 em per character).
    func textWidth(_ text: String) -> Double { Double(text.count) * fontSize * 0.6 }

    /// The box's width in pixels.
    var boxWidth: Double { padding * 2 + swatchWidth + 8 + (entries.map { textWidth($0.label) }.max() ?? 0) }
    /// The box's height in pixels.
    var boxHeight: Double { padding * 2 + rowHeight * Double(entries.count) - 6 }

    /// The legend group, placed in the best corner of `frame`.
    func place(in frame: PlotFrame, avoiding occupied: [PlotPoint]) -> SVGElement {
        let inset = 10.0
        let corners = [
            PlotPoint(frame.right - inset - boxWidth, frame.top + inset),
            PlotPoint(frame.left + inset, frame.top + inset),
            PlotPoint(frame.right - inset - boxWidth, frame.bottom - inset - boxHeight),
            PlotPoint(frame.left + inset, frame.bottom - inset - boxHeight),
        ]
        func covered(_ corner: PlotPoint) -> Int {
            occupied.filter { $0.x >= corner.x - 4 && $0.x <= corner.x + boxWidth + 4
                && $0.y >= corner.y - 4 && $0.y <= corner.y + boxHeight + 4 }.count
        }
        var best = corners[0], bestCount = Int.max
        for corner in corners {
            let count = covered(corner)
            if count < bestCount { best = corner; bestCount = count }
        }
        return draw(at: best)
    }

    /// The legend group with its top-left corner at `best`.
    func draw(at best: PlotPoint) -> SVGElement {
        var group = SVGElement("g", ["class": "legend"])
        group.append(SVGElement("rect", ["x": svgNumber(best.x), "y": svgNumber(best.y),
                                         "width": svgNumber(boxWidth), "height": svgNumber(boxHeight), "rx": "4",
                                         "fill": "#ffffff", "fill-opacity": "0.92", "stroke": "#bbbbbb"]))
        for (row, entry) in entries.enumerated() {
            let y = best.y + padding + rowHeight * Double(row) + 8
            let x0 = best.x + padding, x1 = x0 + swatchWidth
            group.append(contentsOf: swatch(entry.swatch, from: PlotPoint(x0, y), to: PlotPoint(x1, y)))
            group.append(SVGElement("text", ["class": "legend-label", "x": svgNumber(x1 + 8), "y": svgNumber(y + 5),
                                             "font-size": svgNumber(fontSize), "fill": "#222222"], text: entry.label))
        }
        return group
    }

    private func swatch(_ kind: LegendSwatch, from a: PlotPoint, to b: PlotPoint) -> [SVGElement] {
        var path = PathData()
        path.move(to: a)
        path.line(to: b)
        let mid = PlotPoint((a.x + b.x) / 2, a.y)
        switch kind {
        case .line(let style):
            var line = SVGElement("path", ["d": path.text])
            style.apply(to: &line)
            return [line]
        case .lineWithMarker(let style):
            var line = SVGElement("path", ["d": path.text])
            style.apply(to: &line)
            return [line, dotElement(at: mid, radius: 3.5, fill: style.color, stroke: "none", cssClass: "swatch")]
        case .marker(let color):
            return [dotElement(at: mid, radius: 4, fill: color, cssClass: "swatch")]
        case .arrow(let color):
            var swatch = arrow(from: a, to: b, color: color)
            swatch.set("class", "swatch")
            return [swatch]
        }
    }
}
