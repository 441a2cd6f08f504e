import Foundation

/// The dot product a·b.
func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

/// The Euclidean norm ‖a‖.
func norm(_ a: [Double]) -> Double { sqrt(dot(a, a)) }

/// a / ‖a‖.
func unit(_ a: [Double]) -> [Double] {
    let n = norm(a)
    return a.map { $0 / n }
}

/// "(1, −2, 0.5)": a vector as the tour prints it.
func show(_ v: [Double]) -> String { "(" + v.map(show).joined(separator: ", ") + ")" }

/// A number as the tour prints it: shortest round-trip form, integers without a fraction.
func show(_ x: Double) -> String {
    if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)).replacingOccurrences(of: "-", with: "−") }
    let text = Swift.abs(x) < 1e-4 || Swift.abs(x) >= 1e15 ? String(format: "%.3g", x) : "\(x)"
    return text.replacingOccurrences(of: "-", with: "−")
}

/// A number rounded to `digits` significant digits, for display only.
func showRounded(_ x: Double, digits: Int = 6) -> String {
    show(Double(String(format: "%.\(digits)g", x)) ?? x)
}
