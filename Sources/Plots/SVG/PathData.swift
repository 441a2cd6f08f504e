/// Builds the `d` attribute of an SVG `<path>` from pixel coordinates.
public struct PathData: Sendable, Equatable {
    /// The commands written so far.
    public private(set) var text = ""
    /// Whether any command was written.
    public var isEmpty: Bool { text.isEmpty }

    /// An empty path.
    public init() {}

    /// Starts a new subpath at `p`.
    public mutating func move(to p: PlotPoint) {
        if !text.isEmpty { text += " " }
        text += "M\(svgNumber(p.x)) \(svgNumber(p.y))"
    }

    /// Draws a straight segment to `p`.
    public mutating func line(to p: PlotPoint) {
        text += " L\(svgNumber(p.x)) \(svgNumber(p.y))"
    }

    /// Closes the current subpath.
    public mutating func close() { text += " Z" }
}
