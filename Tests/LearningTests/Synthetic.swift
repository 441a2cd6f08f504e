import Foundation
@testable import Learning

/// Deterministic standard-normal-ish samples (Box–Muller on an LCG).
func gaussian(_ count: Int, seed: UInt64) -> [Double] {
    var state = seed
    func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return (Double(state >> 11) + 0.5) / Double(1 << 53)
    }
    return (0..<count).map { _ in (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
}

/// y = X·w + b + noise·ε on standard-normal features: well conditioned.
func syntheticData(rows: Int, weights: [Double], bias: Double, noise: Double, seed: UInt64 = 1) throws -> Dataset {
    let d = weights.count
    let x = gaussian(rows * d, seed: seed)
    let e = gaussian(rows, seed: seed + 99)
    let y = (0..<rows).map { i in (0..<d).reduce(bias) { $0 + weights[$1] * x[i * d + $1] } + noise * e[i] }
    return try Dataset(features: x, targets: y, featureNames: (0..<d).map { "x\($0)" })
}

/// The article's formulas, summed naively: L = (1/N)Σr², ∇w = (2/N)Σ r x, ∂b = (2/N)Σ r.
func articleLossAndGradient(_ data: Dataset, _ p: [Double]) -> (Double, [Double]) {
    let (n, d) = (data.count, data.dimension)
    var loss = 0.0
    var g = [Double](repeating: 0, count: d + 1)
    for i in 0..<n {
        var r = p[d] - data.targets[i]
        for j in 0..<d { r += p[j] * data.features[i * d + j] }
        loss += r * r
        for j in 0..<d { g[j] += 2 * r * data.features[i * d + j] / Double(n) }
        g[d] += 2 * r / Double(n)
    }
    return (loss / Double(n), g)
}

func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    let difference = zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
    let scale = b.map { $0 * $0 }.reduce(0, +).squareRoot()
    return difference / max(scale, 1e-300)
}

/// A temporary file holding `text`.
func temporaryFile(_ text: String, name: String = UUID().uuidString + ".csv") throws -> String {
    let path = NSTemporaryDirectory() + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}
