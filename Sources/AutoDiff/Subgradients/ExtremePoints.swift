// Reducing a list of points to the extreme points of its convex hull, exactly in 1-D and 2-D and
// with a small linear program in higher dimensions.

/// The extreme points of the convex hull of `points` (each zero-padded to `dimension`), in a
/// canonical order: ascending in 1-D, counterclockwise from the lexicographically smallest point in
/// 2-D, lexicographic otherwise. Duplicates (within a relative 1e-12) are removed; points with a
/// non-finite coordinate are kept as they are, since no hull can be taken through them.
///
/// Cost: O(k log k) for k points in 1-D and 2-D; one linear program per point in higher dimensions.
public func extremePoints(of points: [[Double]], dimension: Int) -> [[Double]] {
    let widened = points.map { padded($0, to: dimension) }
    if dimension == 0 { return widened.isEmpty ? [] : [[]] }
    let unique = deduplicated(widened)
    if unique.contains(where: { $0.contains { !$0.isFinite } }) { return unique }
    switch dimension {
    case 1:
        guard let low = unique.map({ $0[0] }).min(), let high = unique.map({ $0[0] }).max() else { return [] }
        return low == high ? [[low]] : [[low], [high]]
    case 2:
        return planarHull(unique)
    default:
        // A point that alone maximises (p − centroid)·q over the set is extreme: a cheap test that
        // settles cubes and simplices; only the others need a linear program.
        let centroid = (0..<dimension).map { j in unique.map { $0[j] }.reduce(0, +) / Double(unique.count) }
        func dot(_ a: [Double], _ b: [Double]) -> Double {
            var sum = 0.0
            for k in 0..<dimension { sum += a[k] * b[k] }
            return sum
        }
        var kept = unique
        var i = 0
        while i < kept.count {
            let direction = zip(kept[i], centroid).map(-)
            let top = dot(kept[i], direction)
            let margin = 1e-12 * Swift.max(1, Swift.abs(top))
            var clearlyExtreme = true
            for j in kept.indices where j != i && dot(kept[j], direction) >= top - margin {
                clearlyExtreme = false
                break
            }
            if clearlyExtreme { i += 1; continue }
            var others = kept
            others.remove(at: i)
            if !others.isEmpty, isInConvexHull(kept[i], of: others) { kept = others } else { i += 1 }
        }
        return kept
    }
}

/// `point` zero-padded (or kept) to `dimension` components.
@inlinable
func padded(_ point: [Double], to dimension: Int) -> [Double] {
    point.count >= dimension ? point : point + [Double](repeating: 0, count: dimension - point.count)
}

/// Sorted lexicographically, with near-duplicates removed.
func deduplicated(_ points: [[Double]]) -> [[Double]] {
    let sorted = points.sorted { $0.lexicographicallyPrecedes($1) }
    var result: [[Double]] = []
    for p in sorted {
        if let last = result.last, nearlyEqual(last, p) { continue }
        result.append(p)
    }
    return result
}

/// Whether two points agree componentwise within a relative 1e-12.
func nearlyEqual(_ a: [Double], _ b: [Double]) -> Bool {
    guard a.count == b.count else { return false }
    for (x, y) in zip(a, b) where x != y {
        if Swift.abs(x - y) > 1e-12 * Swift.max(1, Swift.abs(x), Swift.abs(y)) { return false }
    }
    return true
}

/// The convex hull of distinct, lexicographically sorted points in the plane (Andrew's monotone
/// chain), counterclockwise, collinear points dropped.
func planarHull(_ points: [[Double]]) -> [[Double]] {
    if points.count <= 2 { return points }
    func cross(_ o: [Double], _ a: [Double], _ b: [Double]) -> Double {
        (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    }
    var lower: [[Double]] = []
    for p in points {
        while lower.count >= 2, cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 { lower.removeLast() }
        lower.append(p)
    }
    var upper: [[Double]] = []
    for p in points.reversed() {
        while upper.count >= 2, cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 { upper.removeLast() }
        upper.append(p)
    }
    let hull = Array(lower.dropLast()) + Array(upper.dropLast())
    return hull.count == 2 && nearlyEqual(hull[0], hull[1]) ? [hull[0]] : hull
}

/// Whether `point` is a convex combination of `others`: a phase-one simplex (Bland's rule) on
/// λ ≥ 0, Σλ = 1, Σ λⱼ·otherⱼ = point. All points must have the same, finite dimension.
func isInConvexHull(_ point: [Double], of others: [[Double]]) -> Bool {
    let m = others.count
    let rows = point.count + 1
    let scale = Swift.max(1, (others + [point]).flatMap { $0 }.map(Swift.abs).max() ?? 1)
    let tolerance = 1e-9 * scale
    // Tableau: m λ columns, `rows` artificial columns, right-hand side last.
    let width = m + rows + 1
    var t = [Double](repeating: 0, count: rows * width)
    for r in 0..<rows {
        let rhs = r < point.count ? point[r] : 1
        let sign: Double = rhs < 0 ? -1 : 1
        for j in 0..<m { t[r * width + j] = sign * (r < point.count ? others[j][r] : 1) }
        t[r * width + m + r] = 1
        t[r * width + width - 1] = sign * rhs
    }
    var basis = (0..<rows).map { m + $0 }
    for _ in 0..<(50 * (m + rows)) {
        // Entering column: the first λ or artificial whose increase lowers Σ artificials.
        var entering = -1
        for j in 0..<(m + rows) where !basis.contains(j) {
            var reduced = 0.0
            for r in 0..<rows where basis[r] >= m { reduced += t[r * width + j] }
            if j >= m { reduced -= 1 }
            if reduced > 1e-12 { entering = j; break }
        }
        if entering < 0 { break }
        var leaving = -1
        var best = Double.infinity
        for r in 0..<rows where t[r * width + entering] > 1e-12 {
            let ratio = t[r * width + width - 1] / t[r * width + entering]
            if ratio < best - 1e-15 || (ratio <= best + 1e-15 && leaving >= 0 && basis[r] < basis[leaving]) {
                best = ratio
                leaving = r
            }
        }
        if leaving < 0 { break }
        let pivot = t[leaving * width + entering]
        for j in 0..<width { t[leaving * width + j] /= pivot }
        for r in 0..<rows where r != leaving {
            let factor = t[r * width + entering]
            if factor != 0 { for j in 0..<width { t[r * width + j] -= factor * t[leaving * width + j] } }
        }
        basis[leaving] = entering
    }
    var infeasibility = 0.0
    for r in 0..<rows where basis[r] >= m { infeasibility += Swift.abs(t[r * width + width - 1]) }
    return infeasibility <= tolerance
}
