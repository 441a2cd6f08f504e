import Foundation

/// Lanes evaluated together by `Unary.evaluate(lanes:)`.
public typealias Lanes = SIMD8<Double>

extension Unary {
    /// The primitive's value at every lane of `x`, for loops over contiguous scalars.
    ///
    /// `exp` has a vectorized kernel (`laneExp`), within an ulp or two of `Foundation.exp`; every
    /// other primitive is `evaluate(_:)` lane by lane. Derivatives still come from the rule table,
    /// which only needs the values.
    @inlinable @inline(__always)
    public func evaluate(lanes x: Lanes) -> Lanes {
        if case .exp = self { return laneExp(x) }
        var y = x
        for i in 0..<Lanes.scalarCount { y[i] = evaluate(x[i]) }
        return y
    }
}

/// eˣ on eight lanes at once, without a library call per lane.
///
/// The argument is reduced as x = k·ln 2 + r with k = round(x / ln 2) and |r| ≤ ln 2 / 2, ln 2 split
/// into a high part with trailing zero bits (so k·ln2High is exact) and a low part (Cody and
/// Waite). eʳ is its Taylor polynomial to degree 13 (evaluated by Estrin's scheme) (the next term is below 2⁻⁵⁶ on that interval),
/// and 2ᵏ is written straight into a double's exponent bits: k is read from the low bits of
/// x/ln 2 + 1.5·2⁵², whose unit in the last place is 1. Lanes outside [−708, 709] — overflow, results
/// that would be subnormal, NaN — are evaluated by `Foundation.exp` one by one.
@inlinable
public func laneExp(_ x: Lanes) -> Lanes {
    let inRange = (x .>= -708) .& (x .<= 709)
    guard all(inRange) else {
        var y = x
        for i in 0..<Lanes.scalarCount { y[i] = Foundation.exp(x[i]) }
        return y
    }
    let log2e = 1.4426950408889634
    let ln2High = 6.93147180369123816490e-01, ln2Low = 1.90821492927058770002e-10
    let roundingShift = 6_755_399_441_055_744.0  // 1.5·2⁵²
    let shifted = x * log2e + roundingShift
    let k = shifted - roundingShift
    let r = (x - k * ln2High) - k * ln2Low
    // q = Σ rⁿ⁻²/n! for n = 2…13 by Estrin's scheme: short dependency chains, so the lanes'
    // multiplies and adds overlap instead of waiting on one another as in Horner's.
    let r2 = r * r, r4 = r2 * r2
    let a0 = 1.0 / 2 + r * (1.0 / 6), a1 = 1.0 / 24 + r * (1.0 / 120)
    let a2 = 1.0 / 720 + r * (1.0 / 5_040), a3 = 1.0 / 40_320 + r * (1.0 / 362_880)
    let a4 = 1.0 / 3_628_800 + r * (1.0 / 39_916_800), a5 = 1.0 / 479_001_600 + r * (1.0 / 6_227_020_800)
    let q = (a0 + r2 * a1) + r4 * ((a2 + r2 * a3) + r4 * (a4 + r2 * a5))
    let expR = 1 + (r + r2 * q)
    let exponent = unsafeBitCast(shifted, to: SIMD8<Int64>.self) &- Int64(bitPattern: roundingShift.bitPattern) &+ 1023
    return expR * unsafeBitCast(exponent &<< 52, to: Lanes.self)
}
