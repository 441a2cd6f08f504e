/// Figures side by side in one SVG document, e.g. the article's Figure 1 (|x| and ReLU).
public struct FigureRow: Sendable, SVGRenderable {
    /// The panels, left to right.
    public var panels: [Figure]

    /// A row of `panels`.
    public init(_ panels: [Figure]) { self.panels = panels }

    /// Total width in pixels.
    public var width: Double { panels.reduce(0) { $0 + $1.drawnWidth } }
    /// Height in pixels (the tallest panel).
    public var height: Double { panels.map(\.height).max() ?? 0 }

    /// The document, each panel in its own translated `<g class="panel">`.
    public func svg() -> String {
        var x = 0.0
        var groups: [SVGElement] = []
        for panel in panels {
            var group = SVGElement("g", ["class": "panel", "transform": "translate(\(svgNumber(x)) 0)"])
            group.append(contentsOf: panel.elements())
            groups.append(group)
            x += panel.drawnWidth
        }
        return svgDocument(width: width, height: height,
                           title: panels.map(\.title).filter { !$0.isEmpty }.joined(separator: " · "), content: groups)
    }
}
