import Foundation

/// A single chart: axes with nice ticks and labels, a title, layers (curves, tangents, subgradient
/// fans, contours, arrows, paths, points) and a legend when there is more than one labelled layer.
/// A value: build it, add layers, then write `svg()`.
///
/// ```swift
/// var figure = Figure(title: "f(x) = x²", xLabel: "x", yLabel: "y")
/// figure.add(Curve(sampling: { $0 * $0 }, over: -3...3, label: "f(x) = x²"))
/// figure.add(TangentLine(at: PlotPoint(1, 1), slope: 2, label: "tangent at x = 1"))
/// try figure.svg().write(toFile: "square.svg", atomically: true, encoding: .utf8)
/// ```
public struct Figure: Sendable, SVGRenderable {
    /// The heading above the plot ("" for none).
    public var title: String
    /// The label under the x-axis.
    public var xLabel: String
    /// The label beside the y-axis.
    public var yLabel: String
    /// The x-interval shown; nil to fit the layers (plus `xPadding`).
    public var xRange: ClosedRange<Double>?
    /// The y-interval shown; nil to fit the layers (plus `yPadding`).
    public var yRange: ClosedRange<Double>?
    /// Linear or logarithmic y-axis (loss curves use logarithmic).
    public var yAxis: AxisKind = .linear
    /// Whether one unit is as long on both axes (contours and gradient arrows look right only then).
    public var equalAspect = false
    /// Fraction of the fitted x-span added on each side when the range is automatic.
    public var xPadding = 0.0
    /// Fraction of the fitted y-span added on each side when the range is automatic.
    public var yPadding = 0.05
    /// Whether to draw a legend: automatic means "when two or more layers have labels".
    public var legend: LegendVisibility = .automatic
    /// Total width in pixels.
    public var width = 720.0
    /// Total height in pixels.
    public var height = 480.0
    /// The layers, drawn in order (later on top).
    public private(set) var layers: [any PlotLayer] = []

    /// An empty figure.
    public init(title: String = "", xLabel: String = "x", yLabel: String = "y") {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Adds a layer on top of the others.
    public mutating func add(_ layer: any PlotLayer) { layers.append(layer) }

    /// The legend rows, in layer order.
    public var legendEntries: [LegendEntry] { layers.compactMap(\.legendEntry) }

    /// Where the legend goes.
    public var legendPlacement: LegendPlacement = .inside

    /// The plotting frame (ranges and pixel rectangle) this figure will use.
    public func frame() -> PlotFrame { layout().frame }

    /// The width the figure is drawn at: `width`, narrowed for equal-aspect figures whose data is
    /// taller than wide, widened by a legend placed to the right.
    public var drawnWidth: Double { layout().width }

    private var legendShown: Bool {
        let entries = legendEntries
        return legend == .always ? !entries.isEmpty : (legend == .automatic && entries.count >= 2)
    }

    private func layout() -> (frame: PlotFrame, width: Double) {
        let legendWidth = legendShown && legendPlacement == .right
            ? LegendDrawing(entries: legendEntries).boxWidth + 16 : 0
        let top = title.isEmpty ? 18.0 : 46.0, bottom = height - 58, left = 78.0
        var right = width - 22 - legendWidth
        let fitted = layers.compactMap(\.bounds).reduce(nil as DataBounds?) { acc, next in acc?.union(next) ?? next }
        let xDomain = xRange ?? Figure.automaticRange(fitted?.x, padding: xPadding)
        var yDomain: ClosedRange<Double>
        switch yAxis {
        case .linear:
            yDomain = yRange ?? Figure.automaticRange(fitted?.y, padding: yPadding)
        case .logarithmic:
            yDomain = yRange.flatMap { $0.lowerBound > 0 ? $0 : nil } ?? Figure.automaticLogRange(layers)
        }
        if equalAspect, yAxis == .linear {
            let xSpan = xDomain.upperBound - xDomain.lowerBound, ySpan = yDomain.upperBound - yDomain.lowerBound
            let perX = (right - left) / xSpan, perY = (bottom - top) / ySpan
            if perX > perY {
                // Narrow the figure rather than pad the data with empty space.
                right = left + perY * xSpan
            } else {
                yDomain = Figure.widen(yDomain, to: (bottom - top) / perX)
            }
        }
        let frame = PlotFrame(x: AxisScale(kind: .linear, domain: xDomain, start: left, end: right),
                              y: AxisScale(kind: yAxis, domain: yDomain, start: bottom, end: top))
        return (frame, right + 22 + legendWidth)
    }

    /// The figure's elements (without the enclosing `<svg>`), for embedding in panels.
    public func elements() -> [SVGElement] {
        let (frame, width) = layout()
        var out: [SVGElement] = [SVGElement("rect", ["class": "background", "x": "0", "y": "0",
                                                    "width": svgNumber(width), "height": svgNumber(height),
                                                    "fill": "#ffffff"])]
        let axes = AxesDrawing(frame: frame)
        out.append(axes.grid())
        var occupied: [PlotPoint] = []
        var plotted = SVGElement("g", ["class": "layers"])
        let ordered = layers.enumerated().sorted { ($0.element.depth, $0.offset) < ($1.element.depth, $1.offset) }
        for layer in ordered.map(\.element) {
            let drawing = layer.draw(in: frame)
            plotted.append(contentsOf: drawing.elements)
            occupied += drawing.occupied
        }
        out.append(plotted)
        out.append(axes.frameAndTicks())
        out.append(contentsOf: axes.labels(x: xLabel, y: yLabel, title: title, width: width))
        if legendShown {
            let legend = LegendDrawing(entries: legendEntries)
            switch legendPlacement {
            case .inside: out.append(legend.place(in: frame, avoiding: occupied))
            case .right: out.append(legend.draw(at: PlotPoint(frame.right + 16, frame.top)))
            }
        }
        return out
    }

    /// The whole figure as a standalone SVG document.
    public func svg() -> String {
        svgDocument(width: drawnWidth, height: height, title: title.isEmpty ? "figure" : title, content: elements())
    }

    private static func automaticRange(_ fitted: ClosedRange<Double>?, padding: Double) -> ClosedRange<Double> {
        guard let fitted else { return 0...1 }
        let span = fitted.upperBound - fitted.lowerBound
        guard span > 0 else { return NiceTicks(covering: fitted).niceRange }
        let pad = span * padding
        return (fitted.lowerBound - pad)...(fitted.upperBound + pad)
    }

    private static func automaticLogRange(_ layers: [any PlotLayer]) -> ClosedRange<Double> {
        var positive: [Double] = []
        for layer in layers {
            if let curve = layer as? Curve { positive += curve.points.map(\.y).filter { $0 > 0 && $0.isFinite } }
            if let dots = layer as? ScatterPoints { positive += dots.points.map(\.y).filter { $0 > 0 && $0.isFinite } }
        }
        guard let low = positive.min(), let high = positive.max() else { return 0.1...10 }
        let a = pow(10, log10(low).rounded(.down)), b = pow(10, log10(high).rounded(.up))
        return a < b ? a...b : (a / 10)...(b * 10)
    }

    private static func widen(_ range: ClosedRange<Double>, to span: Double) -> ClosedRange<Double> {
        let mid = (range.lowerBound + range.upperBound) / 2
        return (mid - span / 2)...(mid + span / 2)
    }
}

/// Where a figure's legend goes.
public enum LegendPlacement: String, Sendable {
    /// Inside the plot, in the corner that hides the least.
    case inside
    /// To the right of the plot (for contour plots, where every corner is busy).
    case right
}

/// When a figure shows its legend.
public enum LegendVisibility: String, Sendable {
    /// When two or more layers carry labels.
    case automatic
    /// Whenever at least one layer carries a label.
    case always
    /// Never.
    case never
}
