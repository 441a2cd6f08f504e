/// Clips the segment a–b to a rectangle (Liang–Barsky); nil when it lies wholly outside.
public func clipSegment(_ a: PlotPoint, _ b: PlotPoint,
                        left: Double, top: Double, right: Double, bottom: Double) -> (PlotPoint, PlotPoint)? {
    let dx = b.x - a.x, dy = b.y - a.y
    var t0 = 0.0, t1 = 1.0
    let edges: [(p: Double, q: Double)] = [(-dx, a.x - left), (dx, right - a.x), (-dy, a.y - top), (dy, bottom - a.y)]
    for (p, q) in edges {
        if p == 0 {
            if q < 0 { return nil }
        } else {
            let t = q / p
            if p < 0 {
                if t > t1 { return nil }
                t0 = Swift.max(t0, t)
            } else {
                if t < t0 { return nil }
                t1 = Swift.min(t1, t)
            }
        }
    }
    return (PlotPoint(a.x + t0 * dx, a.y + t0 * dy), PlotPoint(a.x + t1 * dx, a.y + t1 * dy))
}
