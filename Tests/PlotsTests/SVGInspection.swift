import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Plots

/// An SVG document parsed back with Foundation's XMLParser, for asserting what a figure contains.
final class ParsedSVG: NSObject, XMLParserDelegate {
    struct Element {
        let name: String
        let attributes: [String: String]
        var text: String
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []
    private(set) var parseError: String?

    /// Parses `svg`; `parseError` is set when it is not well-formed XML.
    init(_ svg: String) {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        if !parser.parse() { parseError = parser.parserError.map { "\($0)" } ?? "unknown parse error" }
    }

    var isWellFormed: Bool { parseError == nil }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        open.append(elements.count)
        elements.append(Element(name: name, attributes: attributes, text: ""))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let i = open.last { elements[i].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    /// Elements whose `class` attribute contains `cssClass`.
    func withClass(_ cssClass: String) -> [Element] {
        elements.filter { ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(cssClass)) }
    }

    /// The texts of elements with class `cssClass`.
    func texts(_ cssClass: String) -> [String] { withClass(cssClass).map(\.text) }
}

/// Runs `xmllint --noout` on the document when xmllint is installed; nil when it is not.
func xmllintAccepts(_ svg: String) -> Bool? {
    let candidates = ["/usr/bin/xmllint", "/usr/local/bin/xmllint"]
    guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("slope-\(UUID().uuidString).svg")
    defer { try? FileManager.default.removeItem(at: file) }
    guard (try? svg.write(to: file, atomically: true, encoding: .utf8)) != nil else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = ["--noout", file.path]
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    process.waitUntilExit()
    return process.terminationStatus == 0
}

/// Keeps a copy of a figure for a person to look at when SLOPE_FIGURE_DIR is set.
func keep(_ svg: String, as name: String) {
    guard let dir = ProcessInfo.processInfo.environment["SLOPE_FIGURE_DIR"] else { return }
    let url = URL(fileURLWithPath: dir).appendingPathComponent(name + ".svg")
    try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? svg.write(to: url, atomically: true, encoding: .utf8)
}
