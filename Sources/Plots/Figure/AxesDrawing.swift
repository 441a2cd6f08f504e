import Foundation

/// Draws a frame's grid, zero lines, border, ticks, tick labels, axis labels and title.
struct AxesDrawing {
    let frame: PlotFrame

    /// Light grid lines at every tick, and darker lines where x = 0 or y = 0 is in view.
    func grid() -> SVGElement {
        var group = SVGElement("g", ["class": "grid"])
        var path = PathData()
        for x in xTicks().map(\.value) {
            guard let px = frame.x.pixel(x) else { continue }
            path.move(to: PlotPoint(px, frame.top))
            path.line(to: PlotPoint(px, frame.bottom))
        }
        for y in yTicks().map(\.value) {
            guard let py = frame.y.pixel(y) else { continue }
            path.move(to: PlotPoint(frame.left, py))
            path.line(to: PlotPoint(frame.right, py))
        }
        group.append(SVGElement("path", ["d": path.text, "stroke": Palette.grid, "stroke-width": "1", "fill": "none"]))
        var zero = PathData()
        if frame.x.domain.contains(0), let px = frame.x.pixel(0) {
            zero.move(to: PlotPoint(px, frame.top))
            zero.line(to: PlotPoint(px, frame.bottom))
        }
        if frame.y.kind == .linear, frame.y.domain.contains(0), let py = frame.y.pixel(0) {
            zero.move(to: PlotPoint(frame.left, py))
            zero.line(to: PlotPoint(frame.right, py))
        }
        if !zero.isEmpty {
            group.append(SVGElement("path", ["class": "zero-line", "d": zero.text, "stroke": Palette.zeroLine,
                                             "stroke-width": "1.2", "fill": "none"]))
        }
        return group
    }

    /// The border, tick marks and tick labels.
    func frameAndTicks() -> SVGElement {
        var group = SVGElement("g", ["class": "axes"])
        group.append(SVGElement("rect", ["x": svgNumber(frame.left), "y": svgNumber(frame.top),
                                         "width": svgNumber(frame.right - frame.left),
                                         "height": svgNumber(frame.bottom - frame.top),
                                         "fill": "none", "stroke": "#555555", "stroke-width": "1.2"]))
        var marks = PathData()
        for tick in xTicks() {
            guard let px = frame.x.pixel(tick.value) else { continue }
            marks.move(to: PlotPoint(px, frame.bottom))
            marks.line(to: PlotPoint(px, frame.bottom + 6))
            group.append(SVGElement("text", ["class": "tick-label x-tick", "x": svgNumber(px),
                                             "y": svgNumber(frame.bottom + 22), "text-anchor": "middle",
                                             "font-size": "13", "fill": "#333333"], text: tick.label))
        }
        for tick in yTicks() {
            guard let py = frame.y.pixel(tick.value) else { continue }
            marks.move(to: PlotPoint(frame.left - 6, py))
            marks.line(to: PlotPoint(frame.left, py))
            group.append(SVGElement("text", ["class": "tick-label y-tick", "x": svgNumber(frame.left - 10),
                                             "y": svgNumber(py + 4.5), "text-anchor": "end",
                                             "font-size": "13", "fill": "#333333"], text: tick.label))
        }
        group.append(SVGElement("path", ["d": marks.text, "stroke": "#555555", "stroke-width": "1.2", "fill": "none"]))
        return group
    }

    /// The axis labels and the title.
    func labels(x: String, y: String, title: String, width: Double) -> [SVGElement] {
        var out: [SVGElement] = []
        let midX = (frame.left + frame.right) / 2, midY = (frame.top + frame.bottom) / 2
        if !x.isEmpty {
            out.append(SVGElement("text", ["class": "axis-label x-label", "x": svgNumber(midX),
                                           "y": svgNumber(frame.bottom + 46), "text-anchor": "middle",
                                           "font-size": "15", "fill": "#222222"], text: x))
        }
        if !y.isEmpty {
            out.append(SVGElement("text", ["class": "axis-label y-label", "x": "0", "y": "0",
                                           "transform": "translate(\(svgNumber(20)) \(svgNumber(midY))) rotate(-90)",
                                           "text-anchor": "middle", "font-size": "15", "fill": "#222222"], text: y))
        }
        if !title.isEmpty {
            out.append(SVGElement("text", ["class": "title", "x": svgNumber(width / 2), "y": "28",
                                           "text-anchor": "middle", "font-size": "17", "font-weight": "bold",
                                           "fill": "#111111"], text: title))
        }
        return out
    }

    func xTicks() -> [(value: Double, label: String)] { ticks(for: frame.x) }
    func yTicks() -> [(value: Double, label: String)] { ticks(for: frame.y) }

    private func ticks(for scale: AxisScale) -> [(value: Double, label: String)] {
        switch scale.kind {
        case .linear:
            let spacing = scale.end < scale.start ? 55.0 : 75.0 // y-axes (drawn upward) take denser ticks
            let target = Swift.max(4, Int(Swift.abs(scale.end - scale.start) / spacing))
            let ticks = NiceTicks(covering: scale.domain, target: Swift.min(target, 11))
            return ticks.values.map { ($0, ticks.label(for: $0)) }
        case .logarithmic:
            return logTicks(scale.domain)
        }
    }
}

/// Ticks at powers of ten (every k-th decade when there are many), labelled 0.01, 1, 100 or 10⁻⁵.
func logTicks(_ domain: ClosedRange<Double>) -> [(value: Double, label: String)] {
    let low = Int((log10(domain.lowerBound) - 1e-9).rounded(.up))
    let high = Int((log10(domain.upperBound) + 1e-9).rounded(.down))
    guard low <= high else { return [] }
    let every = Swift.max(1, (high - low + 7) / 8)
    return stride(from: low, through: high, by: every).map { k in (pow(10, Double(k)), powerOfTenLabel(k)) }
}

/// 10ᵏ as "0.001"…"1000" for small |k|, else with a superscript exponent.
func powerOfTenLabel(_ k: Int) -> String {
    if k >= 0 && k <= 3 { return String(Int(pow(10, Double(k)))) }
    if k < 0 && k >= -3 { return "0." + String(repeating: "0", count: -k - 1) + "1" }
    let superscripts: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵",
                                                "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
    return "10" + String(String(k).compactMap { superscripts[$0] })
}
