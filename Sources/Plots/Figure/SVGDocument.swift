import Foundation

/// Anything that can be written as a standalone SVG document.
public protocol SVGRenderable {
    /// The document text.
    func svg() -> String
}

extension SVGRenderable {
    /// Writes the SVG document to `url`, creating its directory if needed.
    public func write(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try svg().write(to: url, atomically: true, encoding: .utf8)
    }
}

/// Wraps elements in an `<svg>` root with a white background, readable fonts and an accessible title.
public func svgDocument(width: Double, height: Double, title: String, content: [SVGElement]) -> String {
    var root = SVGElement("svg", [
        "xmlns": "http://www.w3.org/2000/svg",
        "width": svgNumber(width), "height": svgNumber(height),
        "viewBox": "0 0 \(svgNumber(width)) \(svgNumber(height))",
        "font-family": "DejaVu Sans, Helvetica, Arial, sans-serif",
        "role": "img",
    ])
    root.append(SVGElement("title", text: title))
    root.append(contentsOf: content)
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.xml() + "\n"
}
