import Testing
@testable import Plots

@Suite struct EscapingAndNumbersTests {
    @Test func escapesMarkupCharactersAndDropsControls() {
        #expect(xmlEscaped("a < b & \"c\" 'd' > e") == "a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt; e")
        #expect(xmlEscaped("bell\u{7}ok") == "bellok")
        #expect(xmlEscaped("∇f · v") == "∇f · v")
    }

    @Test func hostileLabelsStillGiveWellFormedDocuments() {
        var figure = Figure(title: "<script>&\"'\u{1}", xLabel: "x < 0 & y > 0", yLabel: "]]>")
        figure.add(Curve(sampling: { $0 }, over: -1...1, label: "a<b"))
        figure.add(Curve(sampling: { -$0 }, over: -1...1, label: "c&d"))
        let svg = figure.svg()
        let parsed = ParsedSVG(svg)
        #expect(parsed.isWellFormed, "\(parsed.parseError ?? "")")
        #expect(parsed.texts("title") == ["<script>&\"'"])
        #expect(parsed.texts("legend-label") == ["a<b", "c&d"])
        if let lint = xmllintAccepts(svg) { #expect(lint) }
    }

    @Test func pixelNumbersAreShortAndNeverNegativeZero() {
        #expect(svgNumber(1) == "1")
        #expect(svgNumber(-0.001) == "0")
        #expect(svgNumber(12.345) == "12.35" || svgNumber(12.345) == "12.34")
        #expect(svgNumber(-3.5) == "-3.5")
        #expect(svgNumber(0.05) == "0.05")
        #expect(svgNumber(.nan) == "0")
    }

    @Test func elementTreeWritesAttributesInOrder() {
        var group = SVGElement("g", ["class": "x"])
        group.append(SVGElement("circle", ["cx": "1", "cy": "2", "r": "3"]))
        #expect(group.xml() == "<g class=\"x\">\n <circle cx=\"1\" cy=\"2\" r=\"3\"/>\n</g>")
        #expect(SVGElement("text", text: "a&b").xml() == "<text>a&amp;b</text>")
    }
}
