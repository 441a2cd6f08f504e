// Small vector helpers shared by the optimizers (parameter vectors are short: no need for BLAS).

/// The Euclidean norm ‖v‖₂, scaled to avoid overflow for huge components.
@inlinable
public func euclideanNorm(_ v: [Double]) -> Double {
    var scale = 0.0
    for x in v { scale = Swift.max(scale, Swift.abs(x)) }
    if scale == 0 || !scale.isFinite { return scale }
    var sum = 0.0
    for x in v { let t = x / scale; sum += t * t }
    return scale * sum.squareRoot()
}

/// The Euclidean distance ‖a − b‖₂ (vectors of equal length).
@inlinable
public func euclideanDistance(_ a: [Double], _ b: [Double]) -> Double {
    euclideanNorm(zip(a, b).map { $0 - $1 })
}
