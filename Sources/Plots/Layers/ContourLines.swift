import Foundation

/// Contour lines of a function of two variables: one `<path class="contour">` per level, coloured
/// from dark (low) to light (high).
///
/// ```swift
/// ContourLines(x: -3...3, y: -3...3, label: "f = x² + 2y²") { x, y in x * x + 2 * y * y }
/// ```
public struct ContourLines: PlotLayer {
    /// The sampled function.
    public let grid: ScalarGrid
    /// The levels drawn, ascending.
    public let levels: [Double]
    /// The legend label.
    public var label: String?

    /// Samples `f` over `x` × `y` and picks `levels` (or `levelCount` levels spread over the values).
    public init(x: ClosedRange<Double>, y: ClosedRange<Double>, resolution: Int = 81, levels: [Double]? = nil,
                levelCount: Int = 10, label: String? = nil, sampling f: (Double, Double) throws -> Double) rethrows {
        let grid = try ScalarGrid(x: x, y: y, columns: resolution, rows: resolution, sampling: f)
        self.init(grid: grid, levels: levels ?? ContourLines.automaticLevels(grid.values, count: levelCount), label: label)
    }

    /// Contours of an already sampled grid at the given levels.
    public init(grid: ScalarGrid, levels: [Double], label: String? = nil) {
        self.grid = grid
        self.levels = levels.filter(\.isFinite).sorted()
        self.label = label
    }

    /// `count` levels at evenly spaced quantiles of the finite values, rounded to two significant
    /// digits, so the lines spread evenly over the picture whatever the function's growth.
    public static func automaticLevels(_ values: [Double], count: Int) -> [Double] {
        let finite = values.filter(\.isFinite).sorted()
        guard finite.count > 1, count > 0 else { return [] }
        var levels: [Double] = []
        for k in 1...count {
            let q = Double(k) / Double(count + 1)
            let raw = finite[Swift.min(finite.count - 1, Int(q * Double(finite.count - 1)))]
            let level = roundedToSignificant(raw, digits: 2)
            if level > finite[0], level < finite[finite.count - 1], levels.last != level { levels.append(level) }
        }
        return levels
    }

    /// The grid's rectangle.
    public var bounds: DataBounds? { DataBounds(x: grid.x, y: grid.y) }

    /// A line swatch in the middle colour when labelled.
    public var legendEntry: LegendEntry? {
        label.map { LegendEntry($0, swatch: .line(LineStyle(color: Palette.ramp(0.45), width: 1.6))) }
    }

    /// The segments of every level, keyed by level index.
    public func segmentsByLevel() -> [[ContourSegment]] { levels.map { contourSegments(of: grid, level: $0) } }

    /// One path per level that crosses the frame, its segments joined into polylines.
    public func draw(in frame: PlotFrame) -> LayerDrawing {
        var elements: [SVGElement] = []
        var occupied: [PlotPoint] = []
        for (k, segments) in segmentsByLevel().enumerated() {
            var pieces: [(PlotPoint, PlotPoint)] = []
            for segment in segments {
                guard let a = frame.pixel(segment.a), let b = frame.pixel(segment.b),
                      let clipped = clipSegment(a, b, left: frame.left, top: frame.top,
                                                right: frame.right, bottom: frame.bottom) else { continue }
                pieces.append(clipped)
                if occupied.count < 4000 { occupied.append(clipped.0) }
            }
            let path = joinedPath(pieces)
            guard !path.isEmpty else { continue }
            let t = levels.count > 1 ? Double(k) / Double(levels.count - 1) : 0.5
            var element = SVGElement("path", ["class": "contour", "d": path.text, "data-level": "\(levels[k])"])
            LineStyle(color: Palette.ramp(0.9 * t), width: 1.4, opacity: 0.9).apply(to: &element)
            elements.append(element)
        }
        return LayerDrawing(elements: elements, occupied: occupied)
    }

    /// Contours sit under everything else.
    public var depth: Int { -2 }
}

/// Joins segments that share an end (to the printed precision, 0.01 px) into polylines: marching
/// squares computes each shared crossing twice, once per cell, with possibly different rounding.
func joinedPath(_ segments: [(PlotPoint, PlotPoint)]) -> PathData {
    func key(_ p: PlotPoint) -> String { svgNumber(p.x) + "," + svgNumber(p.y) }
    // Where the level passes exactly through a grid point, cells produce zero-length pieces: drop them.
    let pieces = segments.filter { key($0.0) != key($0.1) }
    var byEnd: [String: [Int]] = [:]
    for (i, piece) in pieces.enumerated() {
        byEnd[key(piece.0), default: []].append(i)
        byEnd[key(piece.1), default: []].append(i)
    }
    var used = [Bool](repeating: false, count: pieces.count)
    /// An unused piece touching `p`, oriented to start there.
    func next(from p: PlotPoint) -> (PlotPoint, PlotPoint)? {
        let k = key(p)
        for i in byEnd[k] ?? [] where !used[i] {
            used[i] = true
            return key(pieces[i].0) == k ? pieces[i] : (pieces[i].1, pieces[i].0)
        }
        return nil
    }
    var path = PathData()
    for i in pieces.indices where !used[i] {
        used[i] = true
        // Walk backwards from the first end, then forwards from the second, to get the whole chain.
        var back: [PlotPoint] = []
        var cursor = pieces[i].0
        while let piece = next(from: cursor) {
            back.append(piece.1)
            cursor = piece.1
        }
        var chain = back.reversed() + [pieces[i].0, pieces[i].1]
        cursor = pieces[i].1
        while let piece = next(from: cursor) {
            chain.append(piece.1)
            cursor = piece.1
        }
        path.move(to: chain[0])
        for p in chain.dropFirst() { path.line(to: p) }
    }
    return path
}

/// `x` rounded to `digits` significant digits.
func roundedToSignificant(_ x: Double, digits: Int) -> Double {
    guard x != 0, x.isFinite else { return x }
    let scale = pow(10, Double(digits) - (log10(Swift.abs(x))).rounded(.up))
    return (x * scale).rounded() / scale
}
