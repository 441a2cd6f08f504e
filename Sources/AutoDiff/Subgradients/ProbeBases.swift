/// The direction bases along which `SubgradientSet` carries exact one-sided (lexicographic)
/// derivatives.
///
/// Along a basis (m₁, …, mₙ) each kink is resolved by the sign of its selector's tangent along m₁,
/// or m₂ if that is zero, and so on (Nesterov's lexicographic differentiation); the result is the
/// gradient of one piece of the function that is active on an open cone, hence an element of the
/// subdifferential. The bases are signed permutations of the unit vectors, so the gradient is read
/// back from the tangents exactly. All signed permutations are used for up to 3 inputs; for 4 to 12
/// inputs, 4n of them (each ±eᵢ first, the rest all + or all −); none beyond.
struct ProbeBases: Sendable {
    /// The number of inputs.
    let dimension: Int
    /// Each basis as (input index, sign) per column.
    let bases: [[(index: Int, sign: Double)]]

    /// The bases for `dimension` inputs.
    init(dimension n: Int) {
        dimension = n
        var bases: [[(index: Int, sign: Double)]] = []
        if n <= 3 {
            for order in permutations(Array(0..<n)) {
                for mask in 0..<(1 << n) {
                    bases.append(order.enumerated().map { ($1, mask & (1 << $0) == 0 ? 1.0 : -1.0) })
                }
            }
        } else if n <= 12 {
            for i in 0..<n {
                for first in [1.0, -1.0] {
                    for rest in [1.0, -1.0] {
                        bases.append([(i, first)] + (0..<n).filter { $0 != i }.map { ($0, rest) })
                    }
                }
            }
        }
        self.bases = bases
    }

    /// The tangent rows of input `index`: its component along every column of every basis.
    func seedRows(for index: Int) -> [Double] {
        bases.flatMap { basis in basis.map { $0.index == index ? $0.sign : 0 } }
    }

    /// The gradient read back from each basis' row of tangents (g·mⱼ = Fⱼ, mⱼ = ±e).
    func gradients(from probes: [Double]) -> [[Double]] {
        bases.enumerated().map { k, basis in
            var g = [Double](repeating: 0, count: dimension)
            if probes.count == bases.count * dimension { // empty for a constant result
                for (j, column) in basis.enumerated() { g[column.index] = probes[k * dimension + j] * column.sign }
            }
            return g
        }
    }
}

/// Every ordering of `items`.
private func permutations(_ items: [Int]) -> [[Int]] {
    if items.count <= 1 { return [items] }
    return items.indices.flatMap { i -> [[Int]] in
        var rest = items
        let first = rest.remove(at: i)
        return permutations(rest).map { [first] + $0 }
    }
}
