import Foundation

/// Tick positions at "nice" numbers (1, 2 or 5 times a power of ten) and their labels.
///
/// ```swift
/// NiceTicks(covering: -3...3).values   // [-3, -2, -1, 0, 1, 2, 3]
/// NiceTicks(covering: 0...0.93).step    // 0.2
/// ```
public struct NiceTicks: Sendable, Equatable {
    /// The distance between neighbouring ticks.
    public let step: Double
    /// The tick positions inside the covered range, ascending.
    public let values: [Double]
    /// The covered range widened outward to whole steps (what an automatic axis should show).
    public let niceRange: ClosedRange<Double>

    /// Ticks for `range`, aiming for about `target` of them.
    public init(covering range: ClosedRange<Double>, target: Int = 7) {
        var low = range.lowerBound, high = range.upperBound
        if !(low.isFinite && high.isFinite) { low = 0; high = 1 }
        if high - low < 1e-12 * Swift.max(1, Swift.abs(low)) {
            let pad = low == 0 ? 1 : Swift.abs(low) * 0.1
            low -= pad
            high += pad
        }
        let step = NiceTicks.niceStep((high - low) / Double(Swift.max(1, target - 1)))
        self.step = step
        let first = (low / step - 1e-9).rounded(.up), last = (high / step + 1e-9).rounded(.down)
        var values: [Double] = []
        if first <= last {
            for k in stride(from: first, through: last, by: 1) {
                let v = k * step
                values.append(v == 0 ? 0 : v) // no negative zero
            }
        }
        self.values = values
        niceRange = ((low / step + 1e-9).rounded(.down) * step)...((high / step - 1e-9).rounded(.up) * step)
    }

    /// The smallest of 1, 2, 5 (times a power of ten) that is at least `raw`.
    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / power
        let nice: Double = fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10
        return nice * power
    }

    /// A tick label with just enough decimals for this step, and a true minus sign.
    public func label(for value: Double) -> String {
        let decimals = Swift.max(0, Int((-log10(step) - 1e-9).rounded(.up)))
        return tickLabel(value, decimals: Swift.min(decimals, 12))
    }
}

/// Formats a tick value with `decimals` fraction digits, using U+2212 for negatives and never "−0".
public func tickLabel(_ value: Double, decimals: Int) -> String {
    let text = String(format: "%.\(decimals)f", Swift.abs(value))
    let isZero = text.allSatisfy { $0 == "0" || $0 == "." }
    return (value < 0 && !isZero ? "\u{2212}" : "") + text
}
