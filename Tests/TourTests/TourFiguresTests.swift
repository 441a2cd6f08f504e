import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Tour

@Suite struct TourFiguresTests {
    @Test func theTourWritesEveryFigureAsWellFormedSVG() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slope-tour-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try Tour.run(figureDirectory: dir, png: false)
        let figures = report.sections.flatMap(\.figures)
        #expect(figures.map(\.file) == ["1-derivative.svg", "2-gradient-field.svg", "3-subgradients.svg", "4-chain-rule.svg",
                                        "5-regression-fit.svg", "5-loss.svg", "5-descent-path.svg"])
        for figure in figures {
            let path = try #require(figure.path)
            let svg = try String(contentsOfFile: path, encoding: .utf8)
            let doc = try XMLDocumentCheck(svg)
            #expect(doc.wellFormed, "\(figure.file) is not well-formed")
            #expect(svg.contains("class=\"tick-label"), "\(figure.file) has no ticks")
        }
        let fig1 = try String(contentsOfFile: try #require(figures[2].path), encoding: .utf8)
        #expect(fig1.components(separatedBy: "class=\"subgradient\"").count - 1 == 9 + 5)
        #expect(fig1.components(separatedBy: "class=\"panel\"").count - 1 == 2)
        let path = try String(contentsOfFile: try #require(figures[6].path), encoding: .utf8)
        #expect(path.contains("class=\"descent-path\""))
        #expect(path.contains("class=\"contour\""))
    }

    @Test func asciiFallbackSpellsOutMathematics() {
        #expect(asciiFallback("∇‖w‖² = 2w") == "grad ||w||^2 = 2w")
        #expect(asciiFallback("f′(x) ∈ [−1, 1] ✓") == "f'(x) in [-1, 1] ok")
        #expect(asciiFallback("∇_w(w·x)") == "grad_w(w*x)")
        #expect(asciiFallback("日本").allSatisfy { $0.isASCII })
    }

    @Test func printerIsPlainASCIIUnlessOnATerminal() throws {
        let report = try Tour.run(sections: [3])
        let plain = TourTextPrinter(style: .plain).render(report)
        #expect(plain.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(!plain.contains("\u{1B}["))
        #expect(plain.contains("[-1, 1]"))
        #expect(plain.contains("ok all \(report.checks.count) checks passed"))
        #expect(report.checks.count >= 12)
        let fancy = TourTextPrinter(style: TerminalStyle(color: true, unicode: true)).render(report)
        #expect(fancy.contains("\u{1B}[32m✓"))
        #expect(fancy.contains("∂f(0)"))
    }

    @Test func terminalDetectionRespectsNoColor() {
        #expect(TerminalStyle.detect(isTerminal: false, environment: [:]) == .plain)
        #expect(TerminalStyle.detect(isTerminal: true, environment: [:]) == TerminalStyle(color: true, unicode: true))
        #expect(TerminalStyle.detect(isTerminal: true, environment: ["NO_COLOR": "1"]) == TerminalStyle(color: false, unicode: true))
        #expect(TerminalStyle.detect(isTerminal: true, environment: ["NO_COLOR": ""]).color)
        #expect(!TerminalStyle.detect(isTerminal: true, environment: ["TERM": "dumb"]).color)
    }

    @Test func aFailedCheckIsShownWithItsNumbers() {
        let printer = TourTextPrinter(style: .plain)
        let line = printer.render(TourCheck("2 = 3", computed: 2, reference: 3, method: "arithmetic"))
        #expect(line.hasPrefix("✗ 2 = 3"))
        #expect(line.contains("computed (2), expected (3)"))
    }
}

/// Well-formedness via Foundation's XMLParser.
struct XMLDocumentCheck {
    let wellFormed: Bool
    init(_ text: String) throws {
        wellFormed = XMLParser(data: Data(text.utf8)).parse()
    }
}
