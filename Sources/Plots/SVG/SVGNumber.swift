/// Formats a pixel coordinate for SVG: at most two decimals, no exponent, no trailing zeros, no "-0".
///
/// Non-finite values print as `0`; callers filter them out before they reach a path.
public func svgNumber(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let hundredths = (value * 100).rounded()
    if hundredths == 0 { return "0" }
    let negative = hundredths < 0
    let magnitude = Int64(Swift.min(Swift.abs(hundredths), 9.0e15))
    let whole = magnitude / 100, fraction = magnitude % 100
    var text = negative ? "-\(whole)" : "\(whole)"
    if fraction != 0 {
        let digits = fraction < 10 ? "0\(fraction)" : "\(fraction)"
        text += "." + (digits.hasSuffix("0") ? String(digits.dropLast()) : digits)
    }
    return text
}
