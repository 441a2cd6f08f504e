import Foundation
import Rules

/// A loss curve as a small self-contained SVG: the loss per iteration, with axes, ticks and
/// labels, on a log scale when the loss spans more than two decades (and stays positive).
///
/// Deliberately minimal so it can later be drawn by the Plots module instead.
///
/// ```swift
/// let svg = LossCurve(losses: result.history.map(\.loss)).svg()
/// try svg.write(toFile: "loss.svg", atomically: true, encoding: .utf8)
/// ```
public struct LossCurve: Sendable {
    /// The loss at each iteration.
    public var losses: [Double]
    /// The title drawn above the plot.
    public var title: String
    /// The x-axis label.
    public var xLabel: String

    /// A curve; non-finite losses are skipped when drawing.
    public init(losses: [Double], title: String = "Training loss", xLabel: String = "iteration") {
        self.losses = losses
        self.title = title
        self.xLabel = xLabel
    }

    /// Whether the y axis is logarithmic.
    public var usesLogScale: Bool {
        let finite = losses.filter { $0.isFinite }
        guard let low = finite.min(), let high = finite.max(), low > 0 else { return false }
        return high / low > 100
    }

    /// The SVG document.
    public func svg(width: Double = 640, height: Double = 400) -> String {
        let (left, right, top, bottom) = (72.0, 20.0, 40.0, 52.0)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let points = losses.enumerated().filter { $0.element.isFinite }
        let log = usesLogScale
        let transform: (Double) -> Double = { log ? Foundation.log10($0) : $0 }
        var low = points.map { transform($0.element) }.min() ?? 0
        var high = points.map { transform($0.element) }.max() ?? 1
        if log { low = low.rounded(.down); high = high.rounded(.up) }
        if high - low < 1e-300 { low -= 0.5; high += 0.5 }
        let xMax = Double(Swift.max(losses.count - 1, 1))
        let xs = { (i: Double) in left + i / xMax * plotWidth }
        let ys = { (v: Double) in top + (1 - (v - low) / (high - low)) * plotHeight }

        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(fmt(width))" height="\(fmt(height))" viewBox="0 0 \(fmt(width)) \(fmt(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(fmt(width / 2))" y="24" text-anchor="middle" font-size="15">\(escape(title))</text>

        """
        // Axes.
        out += "<path d=\"M\(fmt(left)),\(fmt(top)) V\(fmt(top + plotHeight)) H\(fmt(left + plotWidth))\" fill=\"none\" stroke=\"black\"/>\n"
        // y ticks: decades on a log scale, round numbers otherwise.
        let yTicks = log ? Array(stride(from: low, through: high, by: Swift.max(1, ((high - low) / 8).rounded(.up))))
                         : niceTicks(low, high)
        for t in yTicks {
            let y = ys(t)
            let label = log ? "1e\(Int(t.rounded()))" : formatTick(t)
            out += "<line x1=\"\(fmt(left - 5))\" y1=\"\(fmt(y))\" x2=\"\(fmt(left))\" y2=\"\(fmt(y))\" stroke=\"black\"/>"
            out += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(y))\" x2=\"\(fmt(left + plotWidth))\" y2=\"\(fmt(y))\" stroke=\"#ddd\"/>"
            out += "<text x=\"\(fmt(left - 8))\" y=\"\(fmt(y + 4))\" text-anchor=\"end\">\(label)</text>\n"
        }
        for t in niceTicks(0, xMax) where t == t.rounded() {
            let x = xs(t)
            out += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(top + plotHeight))\" x2=\"\(fmt(x))\" y2=\"\(fmt(top + plotHeight + 5))\" stroke=\"black\"/>"
            out += "<text x=\"\(fmt(x))\" y=\"\(fmt(top + plotHeight + 19))\" text-anchor=\"middle\">\(formatTick(t))</text>\n"
        }
        out += "<text x=\"\(fmt(left + plotWidth / 2))\" y=\"\(fmt(height - 10))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        out += "<text transform=\"translate(16,\(fmt(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">loss\(log ? " (log scale)" : "")</text>\n"
        // The curve.
        let path = points.map { "\(fmt(xs(Double($0.offset)))),\(fmt(ys(transform($0.element))))" }.joined(separator: " L")
        if !path.isEmpty { out += "<path d=\"M\(path)\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>\n" }
        out += "</svg>\n"
        return out
    }
}

/// About six round tick values (1, 2 or 5 times a power of ten apart) covering [low, high].
func niceTicks(_ low: Double, _ high: Double) -> [Double] {
    let span = high - low
    guard span > 0, span.isFinite else { return [low] }
    let raw = span / 6
    let magnitude = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
    var ticks: [Double] = []
    var t = Foundation.ceil(low / step) * step
    while t <= high + step * 1e-9 {
        ticks.append(Swift.abs(t) < step * 1e-9 ? 0 : t)
        t += step
    }
    return ticks
}

private func formatTick(_ t: Double) -> String {
    Swift.abs(t) >= 1e5 || (Swift.abs(t) < 1e-3 && t != 0) ? String(format: "%.1e", t) : formatNumber((t * 1e6).rounded() / 1e6)
}

private func fmt(_ x: Double) -> String { String(format: "%.1f", x) }

private func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
}
