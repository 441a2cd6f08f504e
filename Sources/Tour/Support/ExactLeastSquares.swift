/// The exact least-squares line y = w·x + b through points (xᵢ, yᵢ), from the 2×2 normal equations
/// [Σx² Σx; Σx N]·[w; b] = [Σxy; Σy] solved by Cramer's rule. Nil when all xᵢ are equal.
func exactLeastSquaresLine(x: [Double], y: [Double]) -> (w: Double, b: Double)? {
    let n = Double(x.count)
    let sx = x.reduce(0, +), sy = y.reduce(0, +)
    let sxx = x.reduce(0) { $0 + $1 * $1 }, sxy = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
    let det = sxx * n - sx * sx
    guard det != 0 else { return nil }
    return ((sxy * n - sx * sy) / det, (sxx * sy - sx * sxy) / det)
}
