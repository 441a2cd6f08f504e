// The point of least Euclidean norm in the convex hull of finitely many points (Wolfe's algorithm).

/// The point of least norm in the convex hull of `points` (all of one finite dimension), by
/// Wolfe's minimum-norm-point algorithm; nil for no points.
///
/// For a subdifferential this is the steepest-descent subgradient: −(minimum-norm element) is the
/// direction of fastest decrease of a convex function, and 0 means the point is a minimiser.
///
/// Cost: a few iterations, each solving a linear system of at most dimension + 1 unknowns.
public func minimumNormPoint(of points: [[Double]]) -> [Double]? {
    guard let first = points.first else { return nil }
    let d = first.count
    if d == 1 {
        let values = points.map { $0[0] }
        guard let low = values.min(), let high = values.max() else { return nil }
        return [Swift.min(Swift.max(0, low), high)]
    }
    func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for k in 0..<d { s += a[k] * b[k] }
        return s
    }
    func combination(_ set: [Int], _ weights: [Double]) -> [Double] {
        var x = [Double](repeating: 0, count: d)
        for (i, w) in zip(set, weights) { for k in 0..<d { x[k] += w * points[i][k] } }
        return x
    }
    let scale = Swift.max(1, points.map { dot($0, $0) }.max() ?? 1)
    let tolerance = 1e-12 * scale
    guard let start = points.indices.min(by: { dot(points[$0], points[$0]) < dot(points[$1], points[$1]) }) else { return nil }
    var set = [start]
    var weights = [1.0]
    var x = points[start]
    for _ in 0..<(10 * (points.count + d + 1)) {
        // Major cycle: the point most in the direction of −x; stop when none improves on x.
        guard let j = points.indices.min(by: { dot(x, points[$0]) < dot(x, points[$1]) }) else { break }
        if dot(x, points[j]) >= dot(x, x) - tolerance || set.contains(j) { break }
        set.append(j)
        weights.append(0)
        // Minor cycles: move to the affine minimiser of the set, dropping points that leave the hull.
        while true {
            guard let mu = affineMinimizer(set.map { points[$0] }) else { return x }
            if mu.allSatisfy({ $0 > 1e-14 }) {
                weights = mu
                x = combination(set, weights)
                break
            }
            var theta = 1.0
            for (l, m) in zip(weights, mu) where m <= 1e-14 && l - m > 0 { theta = Swift.min(theta, l / (l - m)) }
            weights = zip(weights, mu).map { theta * $1 + (1 - theta) * $0 }
            let keep = weights.indices.filter { weights[$0] > 1e-14 }
            set = keep.map { set[$0] }
            weights = keep.map { weights[$0] }
            let total = weights.reduce(0, +)
            weights = weights.map { $0 / total }
            x = combination(set, weights)
            if set.count == 1 { break }
        }
    }
    return x
}

/// The weights μ (summing to 1) of the point of least norm in the affine hull of `points`:
/// the solution of [G 1; 1ᵀ 0]·[μ; ν] = [0; 1] with G the Gram matrix; nil if singular.
private func affineMinimizer(_ points: [[Double]]) -> [Double]? {
    let m = points.count
    let n = m + 1
    var a = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: n)
    for i in 0..<m {
        for j in 0..<m { a[i][j] = zip(points[i], points[j]).map(*).reduce(0, +) }
        a[i][m] = 1
        a[m][i] = 1
    }
    a[m][n] = 1
    // Gaussian elimination with partial pivoting.
    for c in 0..<n {
        guard let p = (c..<n).max(by: { Swift.abs(a[$0][c]) < Swift.abs(a[$1][c]) }), Swift.abs(a[p][c]) > 1e-300 else { return nil }
        a.swapAt(c, p)
        for r in 0..<n where r != c {
            let f = a[r][c] / a[c][c]
            if f != 0 { for k in c...n { a[r][k] -= f * a[c][k] } }
        }
    }
    let solution = (0..<m).map { a[$0][n] / a[$0][$0] }
    return solution.allSatisfy(\.isFinite) ? solution : nil
}
