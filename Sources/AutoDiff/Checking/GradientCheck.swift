/// The verdict of `checkGradient(at:of:)`: reverse-mode AD against finite differences.
///
/// Errors are per coordinate i: absolute |adᵢ − fdᵢ|, relative |adᵢ − fdᵢ| / max(|adᵢ|, |fdᵢ|)
/// (0 when both are 0). A coordinate passes when its absolute error is at most
/// `tolerance · max(1, |adᵢ|, |fdᵢ|)`.
///
/// At a kink (an exact tie met while differentiating) central differences average the two sides
/// and would raise a false alarm; there the check compares one-sided differences with the exact
/// one-sided derivatives, and asks whether the AD gradient lies in the subdifferential.
public struct GradientCheck: Sendable, CustomStringConvertible {
    /// f(x).
    public let value: Double
    /// The reverse-mode gradient (at a kink, the subgradient chosen by the kink policy in force).
    public let gradient: [Double]
    /// The finite-difference estimate compared with it: central differences, or at a kink the
    /// central average of the one-sided differences (shown, not judged); empty when the AD
    /// gradient is not finite.
    public let numericalGradient: [Double]
    /// The largest absolute error over the coordinates compared.
    public let maxAbsoluteError: Double
    /// The largest relative error over the coordinates compared.
    public let maxRelativeError: Double
    /// The coordinate with the largest scaled error (nil if none was compared).
    public let worstCoordinate: Int?
    /// Whether the gradient passed.
    public let ok: Bool
    /// The kinks met while differentiating; empty where the function is smooth.
    public let kinks: [KinkHit]
    /// At a kink: the exact left derivatives −f′(x; −eᵢ), one per coordinate.
    public let leftDerivatives: [Double]?
    /// At a kink: the exact right derivatives f′(x; eᵢ), one per coordinate.
    public let rightDerivatives: [Double]?
    /// At a kink: the subdifferential the AD gradient was checked against (nil for more than 12 inputs).
    public let subdifferential: Subdifferential?
    /// One line explaining the verdict.
    public let note: String

    /// `ok: max abs error 3e-11 (x[2]) — …` or `FAILED: …`.
    public var description: String {
        (ok ? "ok" : "FAILED") + ": max abs error \(formatNumber(maxAbsoluteError))"
            + ", max rel error \(formatNumber(maxRelativeError))"
            + (worstCoordinate.map { " (worst x[\($0)])" } ?? "") + " — " + note
    }
}
