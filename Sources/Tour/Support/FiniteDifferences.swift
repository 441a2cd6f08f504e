/// The central difference (f(x + h) − f(x − h)) / 2h: an independent, approximate derivative that
/// agrees with an exact one to about h² (truncation) plus ε/h (rounding) — ~1e-10 for h = 1e-5.
public func centralDifference(at x: Double, step h: Double = 1e-5, of f: (Double) throws -> Double) rethrows -> Double {
    (try f(x + h) - f(x - h)) / (2 * h)
}

/// The gradient by central differences, one pair of evaluations per component.
public func centralDifferenceGradient(at x: [Double], step h: Double = 1e-5,
                                      of f: ([Double]) throws -> Double) rethrows -> [Double] {
    try x.indices.map { j in
        var plus = x, minus = x
        plus[j] += h
        minus[j] -= h
        return (try f(plus) - f(minus)) / (2 * h)
    }
}

/// The tolerance the tour allows a central difference: loose enough for rounding at this scale.
func finiteDifferenceTolerance(_ scale: Double) -> Double { 1e-6 * Swift.max(1, Swift.abs(scale)) }
