import Foundation
import Testing
@testable import Plots

@Suite struct LayerTests {
    @Test func curveWithTangentHasBothAndALegend() {
        var figure = Figure(title: "f(x) = x² and its tangent at x = 1", xLabel: "x", yLabel: "y")
        figure.add(Curve(sampling: { $0 * $0 }, over: -3...3, label: "f(x) = x²"))
        figure.add(Curve(sampling: { 2 * $0 }, over: -3...3, label: "f′(x) = 2x", style: LineStyle(color: Palette.green)))
        figure.add(TangentLine(at: PlotPoint(1, 1), slope: 2, label: "tangent: y = 1 + 2(x − 1)"))
        let svg = figure.svg()
        keep(svg, as: "curve-tangent")
        let parsed = ParsedSVG(svg)
        #expect(parsed.isWellFormed)
        #expect(parsed.withClass("curve").count == 2)
        #expect(parsed.withClass("tangent").count == 1)
        #expect(parsed.withClass("marker").count == 1)
        #expect(parsed.texts("legend-label") == ["f(x) = x²", "f′(x) = 2x", "tangent: y = 1 + 2(x − 1)"])
        #expect(parsed.texts("x-tick") == ["\u{2212}3", "\u{2212}2", "\u{2212}1", "0", "1", "2", "3"])
        #expect(parsed.texts("x-label") == ["x"])
        #expect(!parsed.texts("y-tick").isEmpty)
        if let lint = xmllintAccepts(svg) { #expect(lint) }
    }

    @Test func theTangentTouchesTheCurveAtItsPoint() throws {
        let figure = { () -> Figure in
            var f = Figure()
            f.xRange = -3...3
            f.yRange = -2...9
            f.add(TangentLine(at: PlotPoint(1, 1), slope: 2))
            return f
        }()
        let frame = figure.frame()
        let drawing = TangentLine(at: PlotPoint(1, 1), slope: 2).draw(in: frame)
        let marker = try #require(drawing.elements.first { $0.attribute("class") == "marker" })
        let p = try #require(frame.pixel(PlotPoint(1, 1)))
        #expect(marker.attribute("cx") == svgNumber(p.x))
        #expect(marker.attribute("cy") == svgNumber(p.y))
    }

    @Test func subgradientFanCoversTheInterval() {
        let fan = SubgradientFan(at: PlotPoint(0, 0), slopes: -1...1, lineCount: 9, label: "g ∈ [−1, 1]")
        #expect(fan.drawnSlopes.first == -1)
        #expect(fan.drawnSlopes.last == 1)
        #expect(fan.drawnSlopes.count == 9)
        var figure = Figure(title: "|x|: subgradients at 0")
        figure.add(Curve(sampling: { abs($0) }, over: -2...2, label: "|x|"))
        figure.add(fan)
        let parsed = ParsedSVG(figure.svg())
        #expect(parsed.isWellFormed)
        let slopes = parsed.withClass("subgradient").compactMap { $0.attributes["data-slope"].flatMap(Double.init) }
        #expect(slopes.count == 9)
        #expect(slopes.min() == -1 && slopes.max() == 1)
        #expect(SubgradientFan(at: PlotPoint(1, 1), slopes: 1...1).drawnSlopes == [1])
    }

    @Test func theArticlesFigureOneAsTwoPanels() {
        var abs = Figure(title: "|x|: subgradients in [−1, 1] at 0")
        abs.add(Curve(sampling: { Swift.abs($0) }, over: -2...2, label: "f(x) = |x|"))
        abs.add(SubgradientFan(at: PlotPoint(0, 0), slopes: -1...1, label: "slopes g ∈ [−1, 1]"))
        var relu = Figure(title: "ReLU: subgradients in [0, 1] at 0")
        relu.add(Curve(sampling: { Swift.max($0, 0) }, over: -2...2, label: "f(x) = max(x, 0)"))
        relu.add(SubgradientFan(at: PlotPoint(0, 0), slopes: 0...1, lineCount: 6, label: "slopes g ∈ [0, 1]"))
        let row = FigureRow([abs, relu])
        let svg = row.svg()
        keep(svg, as: "figure1")
        let parsed = ParsedSVG(svg)
        #expect(parsed.isWellFormed)
        #expect(parsed.withClass("panel").count == 2)
        #expect(parsed.withClass("subgradient").count == 9 + 6)
        #expect(parsed.elements.first?.attributes["width"] == "1440")
    }

    @Test func contoursOfABowlAreItsLevelSets() {
        let contours = ContourLines(x: -3...3, y: -3...3, resolution: 61, levels: [1, 4]) { x, y in x * x + y * y }
        for (level, segments) in zip(contours.levels, contours.segmentsByLevel()) {
            #expect(segments.count > 20)
            for s in segments {
                for p in [s.a, s.b] {
                    #expect(abs(p.x * p.x + p.y * p.y - level) < 0.05, "point \(p) off level \(level)")
                }
            }
        }
    }

    @Test func aSaddleCellGivesTwoSegments() {
        let grid = ScalarGrid(x: 0...1, y: 0...1, columns: 2, rows: 2) { x, y in (x - 0.5) * (y - 0.5) > 0 ? 1 : -1 }
        #expect(contourSegments(of: grid, level: 0).count == 2)
        let flat = ScalarGrid(x: 0...1, y: 0...1, columns: 2, rows: 2) { _, _ in 3 }
        #expect(contourSegments(of: flat, level: 0).isEmpty)
    }

    @Test func automaticLevelsAreInsideTheValuesAndAscending() {
        let levels = ContourLines.automaticLevels((0...100).map(Double.init), count: 9)
        #expect(levels.count == 9)
        #expect(levels == levels.sorted())
        #expect(levels.allSatisfy { $0 > 0 && $0 < 100 })
    }

    @Test func contoursWithGradientArrowsAndADescentPath() {
        var figure = Figure(title: "f(x, y) = x² + 2y²", xLabel: "x", yLabel: "y")
        figure.equalAspect = true
        figure.legendPlacement = .right
        figure.add(ContourLines(x: -3...3, y: -3...3, label: "contours of f") { x, y in x * x + 2 * y * y })
        figure.add(GradientField(x: -3...3, y: -3...3, count: 11, label: "∇f = (2x, 4y)") { x, y in (2 * x, 4 * y) })
        var points = [PlotPoint(2.5, 2)]
        for _ in 0..<20 {
            let p = points[points.count - 1]
            points.append(PlotPoint(p.x - 0.1 * 2 * p.x, p.y - 0.1 * 4 * p.y))
        }
        figure.add(DescentPath(points: points, label: "gradient descent, lr 0.1"))
        let svg = figure.svg()
        keep(svg, as: "contours")
        let parsed = ParsedSVG(svg)
        #expect(parsed.isWellFormed)
        #expect(parsed.withClass("contour").count == 10)
        // 11 × 11 arrows, except the centre one where ∇f = 0.
        #expect(parsed.withClass("arrow").count == 120)
        #expect(parsed.withClass("descent-path").count == 1)
        #expect(parsed.withClass("start").count == 1)
        #expect(parsed.withClass("end").count == 1)
        #expect(parsed.texts("legend-label") == ["contours of f", "∇f = (2x, 4y)", "gradient descent, lr 0.1"])
    }

    @Test func arrowsPointUphillInPixels() throws {
        var figure = Figure()
        figure.equalAspect = true
        let field = GradientField(x: 0...2, y: 0...2, count: 1) { _, _ in (1, 1) }
        figure.add(field)
        let frame = figure.frame()
        let arrow = try #require(field.draw(in: frame).elements.first)
        // "M x0 y0 L x1 y1 …": the shaft goes right and up (pixel y decreases).
        let numbers = (arrow.attribute("d") ?? "").split(whereSeparator: { "MLZ ".contains($0) }).compactMap { Double($0) }
        #expect(numbers[2] > numbers[0])
        #expect(numbers[3] < numbers[1])
    }

    @Test func lossCurveOnALogAxis() {
        let losses = (0..<50).map { 10 * pow(0.8, Double($0)) }
        let figure = Figure.lossCurve([("gradient descent", losses), ("momentum", losses.map { $0 * 0.5 })])
        #expect(figure.yAxis == .logarithmic)
        let svg = figure.svg()
        keep(svg, as: "loss")
        let parsed = ParsedSVG(svg)
        #expect(parsed.isWellFormed)
        #expect(parsed.withClass("curve").count == 2)
        #expect(parsed.texts("y-tick").contains("1"))
        #expect(parsed.texts("legend-label") == ["gradient descent", "momentum"])
        let withZero = Figure.lossCurve([("plain", [1, 0.5, 0])])
        #expect(withZero.yAxis == .logarithmic)
        #expect(ParsedSVG(withZero.svg()).isWellFormed)
        #expect(Figure.lossCurve([("flat", [0, 0])]).yAxis == .linear)
    }

    @Test func nonFiniteSamplesBreakTheCurve() {
        var figure = Figure()
        figure.yRange = -10...10
        figure.add(Curve(sampling: { 1 / $0 }, over: -1...1, samples: 201))
        let d = ParsedSVG(figure.svg()).withClass("curve").first?.attributes["d"] ?? ""
        #expect(d.filter { $0 == "M" }.count == 2)
    }

    @Test func scatterAndPanelsAndPNG() throws {
        var figure = Figure(title: "data", xLabel: "x", yLabel: "y")
        figure.xPadding = 0.05
        figure.add(ScatterPoints(points: [PlotPoint(1, 2), PlotPoint(2, 3), PlotPoint(3, 5)], label: "data"))
        figure.add(Curve(sampling: { 1.5 * $0 + 0.33 }, over: 1...3, label: "fit"))
        let parsed = ParsedSVG(figure.svg())
        #expect(parsed.withClass("point").count == 3)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slope-plots-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("scatter.svg")
        try figure.write(to: url)
        #expect(FileManager.default.fileExists(atPath: url.path))
        if findExecutable("rsvg-convert") != nil {
            let png = try #require(convertToPNG(url))
            let bytes = try Data(contentsOf: png)
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        }
    }
}

@Suite struct PathCompactionTests {
    @Test func aCircleContourIsOneJoinedLoop() throws {
        var figure = Figure()
        figure.equalAspect = true
        // Level 1.1 passes through no grid point; level 1 passes through several (degenerate corners).
        let contours = ContourLines(x: -2...2, y: -2...2, resolution: 61, levels: [1, 1.1]) { x, y in x * x + y * y }
        figure.add(contours)
        let drawing = contours.draw(in: figure.frame())
        let d = try #require(drawing.elements.last?.attribute("d"))
        #expect(d.filter { $0 == "M" }.count == 1)
        #expect(d.filter { $0 == "L" }.count == contours.segmentsByLevel()[1].count)
        let throughCorners = try #require(drawing.elements.first?.attribute("d"))
        #expect(throughCorners.filter { $0 == "M" }.count <= 2)
    }

    @Test func denseHistoriesAreThinnedButKeepTheirEnds() throws {
        var figure = Figure()
        figure.xRange = 0...1
        figure.yRange = 0...1
        let points = (0...10_000).map { PlotPoint(Double($0) / 10_000, Double($0) / 10_000) }
        let frame = figure.frame()
        let path = frame.clippedPath(through: points)
        let commands = path.text.filter { $0 == "L" }.count
        #expect(commands < 2000)
        #expect(commands > 100)
        let first = try #require(frame.pixel(points[0])), last = try #require(frame.pixel(points[10_000]))
        #expect(path.text.hasPrefix("M\(svgNumber(first.x)) \(svgNumber(first.y))"))
        #expect(path.text.hasSuffix("L\(svgNumber(last.x)) \(svgNumber(last.y))"))
    }
}

@Suite struct ArrowLayerTests {
    @Test func aSingleArrowGoesFromTailToHead() throws {
        var figure = Figure()
        figure.xRange = 0...4
        figure.yRange = 0...4
        let layer = ArrowLayer(from: PlotPoint(1, 1), to: PlotPoint(3, 1), label: "east")
        figure.add(layer)
        let frame = figure.frame()
        let element = try #require(layer.draw(in: frame).elements.first)
        #expect(element.attribute("class") == "arrow highlighted")
        let tail = try #require(frame.pixel(PlotPoint(1, 1)))
        #expect(element.attribute("d")?.hasPrefix("M\(svgNumber(tail.x)) \(svgNumber(tail.y))") == true)
        #expect(ArrowLayer(from: PlotPoint(1, 1), to: PlotPoint(1, 1)).draw(in: frame).elements.isEmpty)
        #expect(ParsedSVG(figure.svg()).texts("legend-label").isEmpty) // one entry: no legend by default
    }
}
