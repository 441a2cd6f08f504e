import Plots

/// A figure the tour wants to write, before it is written.
public struct TourFigure: Sendable {
    /// The SVG file name.
    public let file: String
    /// One line saying what it shows.
    public let caption: String
    /// The drawing.
    public let document: any SVGRenderable & Sendable

    /// A figure with its file name and caption.
    public init(file: String, caption: String, document: any SVGRenderable & Sendable) {
        self.file = file
        self.caption = caption
        self.document = document
    }

    /// The reference recorded in the report (path filled in once written).
    public var reference: TourFigureReference { TourFigureReference(file: file, caption: caption) }
}
