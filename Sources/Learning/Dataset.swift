/// A regression data set in memory: N rows of d features (row-major, contiguous) and N targets.
///
/// ```swift
/// let data = try Dataset(features: [1, 2, 3, 4], targets: [5, 6], featureNames: ["a", "b"])
/// data.count       // 2 rows
/// data.dimension   // 2 features
/// ```
public struct Dataset: Sendable, Equatable {
    /// The features, row after row: element (i, j) is `features[i * dimension + j]`.
    public var features: [Double]
    /// The targets yᵢ.
    public var targets: [Double]
    /// The feature names, in column order.
    public var featureNames: [String]
    /// The target's name.
    public var targetName: String

    /// The number of rows N.
    public var count: Int { targets.count }
    /// The number of features d.
    public var dimension: Int { featureNames.count }

    /// A data set; throws unless `features` holds `targets.count × featureNames.count` numbers.
    public init(features: [Double], targets: [Double], featureNames: [String], targetName: String = "y") throws {
        if features.count != targets.count * featureNames.count {
            throw LearningError.dimensionMismatch(what: "feature matrix (\(targets.count) rows × \(featureNames.count) features)",
                                                  expected: targets.count * featureNames.count, actual: features.count)
        }
        self.features = features
        self.targets = targets
        self.featureNames = featureNames
        self.targetName = targetName
    }
}

/// The per-feature affine map that standardization applied: x′ = (x − mean) / scale.
public struct Standardization: Sendable, Equatable {
    /// The feature means.
    public var means: [Double]
    /// The feature standard deviations (1 for constant features, which are left centred).
    public var scales: [Double]

    /// Converts a model fitted on standardized features back to the original units:
    /// w = w′ / scale, b = b′ − Σ w′ⱼ·meanⱼ / scaleⱼ.
    public func originalUnits(weights: [Double], bias: Double) -> (weights: [Double], bias: Double) {
        var b = bias
        var w = weights
        for j in w.indices {
            w[j] = weights[j] / scales[j]
            b -= w[j] * means[j]
        }
        return (w, b)
    }
}

extension Dataset {
    /// The data set with every feature centred to mean 0 and scaled to standard deviation 1, and
    /// the map that did it (to convert fitted weights back).
    public func standardized() -> (data: Dataset, map: Standardization) {
        let (n, d) = (count, dimension)
        var means = [Double](repeating: 0, count: d)
        var squares = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { means[j] += features[i * d + j] } }
        for j in 0..<d { means[j] /= Double(Swift.max(n, 1)) }
        for i in 0..<n { for j in 0..<d { let t = features[i * d + j] - means[j]; squares[j] += t * t } }
        let scales = squares.map { s -> Double in
            let sd = (s / Double(Swift.max(n, 1))).squareRoot()
            return sd > 0 ? sd : 1
        }
        var copy = self
        for i in 0..<n { for j in 0..<d { copy.features[i * d + j] = (features[i * d + j] - means[j]) / scales[j] } }
        return (copy, Standardization(means: means, scales: scales))
    }
}
