/// The plotting rectangle of a figure: where data lands in pixels. Layers draw through it.
public struct PlotFrame: Sendable, Equatable {
    /// Horizontal scale (pixels grow rightward).
    public let x: AxisScale
    /// Vertical scale (pixels grow downward, so `start` is the bottom edge).
    public let y: AxisScale

    /// A frame from its two scales.
    public init(x: AxisScale, y: AxisScale) {
        self.x = x
        self.y = y
    }

    /// Left edge in pixels.
    public var left: Double { Swift.min(x.start, x.end) }
    /// Right edge in pixels.
    public var right: Double { Swift.max(x.start, x.end) }
    /// Top edge in pixels.
    public var top: Double { Swift.min(y.start, y.end) }
    /// Bottom edge in pixels.
    public var bottom: Double { Swift.max(y.start, y.end) }

    /// The pixel position of a data point, or nil when it cannot be drawn.
    public func pixel(_ p: PlotPoint) -> PlotPoint? {
        guard let px = x.pixel(p.x), let py = y.pixel(p.y) else { return nil }
        return PlotPoint(px, py)
    }

    /// Whether a pixel position lies inside the frame (with `slack` pixels of tolerance).
    public func contains(pixel p: PlotPoint, slack: Double = 0.5) -> Bool {
        p.x >= left - slack && p.x <= right + slack && p.y >= top - slack && p.y <= bottom + slack
    }

    /// The path through data points `points`, clipped to the frame; non-drawable points break it.
    /// Points closer than `resolution` pixels to the last one kept are dropped (the drawing moves by
    /// less than that), so long histories stay small files.
    public func clippedPath(through points: [PlotPoint], resolution: Double = 0.35) -> PathData {
        var path = PathData()
        var previous: PlotPoint? = nil
        var penAt: PlotPoint? = nil
        let pixels = points.map(pixel)
        for (k, current) in pixels.enumerated() {
            guard let current else {
                previous = nil
                continue
            }
            if let start = previous, k + 1 < pixels.count, pixels[k + 1] != nil,
               Swift.abs(current.x - start.x) < resolution, Swift.abs(current.y - start.y) < resolution {
                continue // too close to the last point kept, and not the end of a run
            }
            defer { previous = current }
            guard let start = previous,
                  let (a, b) = clipSegment(start, current, left: left, top: top, right: right, bottom: bottom)
            else { continue }
            if penAt != a {
                path.move(to: a)
            }
            path.line(to: b)
            penAt = b
        }
        return path
    }
}
