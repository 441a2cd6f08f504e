/// One straight piece of a contour line, in data coordinates.
public struct ContourSegment: Sendable, Equatable {
    /// One end.
    public var a: PlotPoint
    /// The other end.
    public var b: PlotPoint
}

/// The level set {f = level} of a sampled function as segments, by marching squares: each grid cell
/// whose corners straddle the level contributes one segment (two at a saddle, split by the cell's
/// centre value), with ends placed by linear interpolation along the cell's edges. Cells with a
/// non-finite corner are skipped. Cost: one pass over the grid.
public func contourSegments(of grid: ScalarGrid, level: Double) -> [ContourSegment] {
    var segments: [ContourSegment] = []
    guard grid.columns >= 2, grid.rows >= 2 else { return segments }
    for j in 0..<(grid.rows - 1) {
        for i in 0..<(grid.columns - 1) {
            let v00 = grid.value(i, j), v10 = grid.value(i + 1, j), v11 = grid.value(i + 1, j + 1), v01 = grid.value(i, j + 1)
            // Most cells lie wholly on one side of the level: decide that before building anything.
            let count = (v00 > level ? 1 : 0) + (v10 > level ? 1 : 0) + (v11 > level ? 1 : 0) + (v01 > level ? 1 : 0)
            if count == 0 || count == 4 { continue }
            guard v00.isFinite, v10.isFinite, v11.isFinite, v01.isFinite else { continue }
            let x0 = grid.xAt(i), x1 = grid.xAt(i + 1), y0 = grid.yAt(j), y1 = grid.yAt(j + 1)
            // Corners counter-clockwise from bottom-left.
            let v = [v00, v10, v11, v01]
            let p = [PlotPoint(x0, y0), PlotPoint(x1, y0), PlotPoint(x1, y1), PlotPoint(x0, y1)]
            let above = v.map { $0 > level }
            // Edge k joins corner k and corner k+1 (bottom, right, top, left).
            var crossings: [Int: PlotPoint] = [:]
            for k in 0..<4 where above[k] != above[(k + 1) % 4] {
                let a = k, b = (k + 1) % 4
                let t = (level - v[a]) / (v[b] - v[a])
                crossings[k] = PlotPoint(p[a].x + t * (p[b].x - p[a].x), p[a].y + t * (p[b].y - p[a].y))
            }
            switch crossings.count {
            case 2:
                let ends = crossings.keys.sorted().compactMap { crossings[$0] }
                segments.append(ContourSegment(a: ends[0], b: ends[1]))
            case 4:
                guard let bottom = crossings[0], let right = crossings[1], let top = crossings[2], let left = crossings[3]
                else { continue }
                let centreAbove = (v[0] + v[1] + v[2] + v[3]) / 4 > level
                if centreAbove == above[0] {
                    // Corners 0 and 2 connect through the centre: cut off corners 1 and 3.
                    segments.append(ContourSegment(a: bottom, b: right))
                    segments.append(ContourSegment(a: top, b: left))
                } else {
                    segments.append(ContourSegment(a: bottom, b: left))
                    segments.append(ContourSegment(a: right, b: top))
                }
            default:
                continue
            }
        }
    }
    return segments
}
