/// One attribute of an SVG element, kept in insertion order so output is deterministic.
public struct SVGAttribute: Sendable, Equatable {
    /// The attribute's name, e.g. `stroke`.
    public var name: String
    /// Its unescaped value; escaping happens when the document is written.
    public var value: String

    /// An attribute `name="value"`.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A node of an SVG tree: an element or a run of text.
public enum SVGNode: Sendable, Equatable {
    /// A nested element.
    case element(SVGElement)
    /// Character data (escaped when written).
    case text(String)
}

/// A minimal SVG/XML element tree, written out with every attribute and text escaped.
///
/// ```swift
/// SVGElement("circle", ["cx": "5", "cy": "5", "r": "2"]).xml()   // <circle cx="5" cy="5" r="2"/>
/// ```
public struct SVGElement: Sendable, Equatable {
    /// The tag name.
    public var name: String
    /// Attributes in the order they are written.
    public var attributes: [SVGAttribute]
    /// Child elements and text.
    public var children: [SVGNode]

    /// An element with attributes given as ordered pairs and optional children.
    public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], children: [SVGNode] = []) {
        self.name = name
        self.attributes = attributes.map { SVGAttribute($0.key, $0.value) }
        self.children = children
    }

    /// A text-bearing element such as `<text>` or `<title>`.
    public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) {
        self.init(name, attributes, children: [.text(text)])
    }

    /// Adds (or replaces) an attribute.
    public mutating func set(_ name: String, _ value: String) {
        if let i = attributes.firstIndex(where: { $0.name == name }) {
            attributes[i].value = value
        } else {
            attributes.append(SVGAttribute(name, value))
        }
    }

    /// Appends a child element.
    public mutating func append(_ child: SVGElement) { children.append(.element(child)) }

    /// Appends child elements.
    public mutating func append(contentsOf elements: [SVGElement]) {
        children.append(contentsOf: elements.map { .element($0) })
    }

    /// The value of attribute `name`, if present.
    public func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }

    /// The element and its subtree as XML text, one element per line for elements that hold elements.
    public func xml() -> String {
        var out = ""
        write(into: &out, indent: 0)
        return out
    }

    private func write(into out: inout String, indent: Int) {
        out += String(repeating: " ", count: indent) + "<" + name
        for attribute in attributes {
            out += " \(attribute.name)=\"\(xmlEscaped(attribute.value))\""
        }
        if children.isEmpty {
            out += "/>"
            return
        }
        out += ">"
        let holdsElements = children.contains { if case .element = $0 { true } else { false } }
        for child in children {
            switch child {
            case .text(let text):
                out += xmlEscaped(text)
            case .element(let element):
                if holdsElements { out += "\n" }
                element.write(into: &out, indent: holdsElements ? indent + 1 : 0)
            }
        }
        if holdsElements { out += "\n" + String(repeating: " ", count: indent) }
        out += "</\(name)>"
    }
}
