// The set rules of Clarke's calculus that `SubgradientSet` applies, and the probe rows it carries.

/// A set with its flags, before it is attached to a value.
struct SetPiece {
    var vertices: [[Double]]
    var exact: Bool
    var regular: Bool
    var negationRegular: Bool
    var lipschitz: Bool
    var note: String?
}

extension SubgradientSet {
    /// Σ cᵢ·Sᵢ with the sum rule's exactness and regularity (see the type's documentation).
    static func linearCombination(_ terms: [(Double, SubgradientSet)],
                                  _ context: (name: String, arguments: [Double])) -> SetPiece {
        var piece = SetPiece(vertices: [[]], exact: true, regular: true, negationRegular: true,
                             lipschitz: true, note: nil)
        var nonSmooth = 0
        var allRegular = true
        var allNegationRegular = true
        for (c, u) in terms {
            piece.lipschitz = piece.lipschitz && u.lipschitz
            piece.note = piece.note ?? u.note
            if u.isConstant || c == 0 { continue }
            if !c.isFinite {
                piece.lipschitz = false
                piece.note = piece.note ?? notLipschitzNote(context.name, context.arguments)
            }
            piece.exact = piece.exact && u.exact
            if !u.smooth { nonSmooth += 1 }
            allRegular = allRegular && (c > 0 ? u.regular : u.negationRegular)
            allNegationRegular = allNegationRegular && (c > 0 ? u.negationRegular : u.regular)
            piece.vertices = minkowskiSum(piece.vertices, u.vertices.map { $0.map { c * $0 } })
        }
        piece.exact = piece.exact && piece.lipschitz && (nonSmooth <= 1 || allRegular || allNegationRegular)
        piece.regular = allRegular
        piece.negationRegular = allNegationRegular
        return piece
    }

    /// The convex hull of two pieces meeting at a kink: the max of the pieces (convex kink) or
    /// their min (concave kink).
    static func hull(_ below: SetPiece, _ above: SetPiece, convex: Bool) -> SetPiece {
        let lipschitz = below.lipschitz && above.lipschitz
        let dimension = (below.vertices + above.vertices).map(\.count).max() ?? 0
        let regularPieces = convex ? below.regular && above.regular : below.negationRegular && above.negationRegular
        return SetPiece(vertices: extremePoints(of: below.vertices + above.vertices, dimension: dimension),
                        exact: below.exact && above.exact && lipschitz && regularPieces,
                        regular: convex && below.regular && above.regular,
                        negationRegular: !convex && below.negationRegular && above.negationRegular,
                        lipschitz: lipschitz, note: below.note ?? above.note)
    }

    /// A value with its set and its probe rows.
    static func assemble(_ value: Double, _ piece: SetPiece, _ rows: (probes: [Double], width: Int)) -> SubgradientSet {
        SubgradientSet(value: value, vertices: piece.vertices, exact: piece.exact, regular: piece.regular,
                       negationRegular: piece.negationRegular, lipschitz: piece.lipschitz, note: piece.note,
                       isConstant: false, probes: rows.probes, probeWidth: rows.width)
    }

    /// The probe rows of Σ cᵢ·uᵢ, where the coefficients may differ per row (`coefficients` gets
    /// the row's index range in the flat probe array).
    static func probeRows(_ operands: [SubgradientSet],
                          coefficients: (Range<Int>) -> [Double]) -> (probes: [Double], width: Int) {
        let width = operands.map(\.probeWidth).max() ?? 0
        let count = operands.map(\.probes.count).max() ?? 0
        guard width > 0, count > 0 else { return ([], width) }
        var result = [Double](repeating: 0, count: count)
        var start = 0
        while start < count {
            let row = start..<(start + width)
            let c = coefficients(row)
            for (i, u) in operands.enumerated() where !u.probes.isEmpty && c[i] != 0 {
                for j in row { result[j] += c[i] * u.probes[j] }
            }
            start += width
        }
        return (result, width)
    }
}

/// Which piece the lexicographic rule picks: by the selector's sign, else by the sign of the first
/// non-zero tangent along the probe basis columns in order.
func lexicographicSide(_ selector: Double, _ tangents: [Double]) -> Side {
    if selector > 0 { return .above }
    if selector < 0 || selector.isNaN { return .below }
    for t in tangents where t != 0 { return t > 0 ? .above : .below }
    return .above
}

/// {a + b : a ∈ A, b ∈ B} of two vertex lists, reduced to extreme points.
func minkowskiSum(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
    let dimension = (a + b).map(\.count).max() ?? 0
    var sums: [[Double]] = []
    for p in a {
        let p = padded(p, to: dimension)
        for q in b {
            let q = padded(q, to: dimension)
            sums.append((0..<dimension).map { p[$0] + q[$0] })
        }
    }
    return extremePoints(of: sums, dimension: dimension)
}
