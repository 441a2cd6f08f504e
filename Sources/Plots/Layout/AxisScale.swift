import Foundation

/// How data values map onto an axis.
public enum AxisKind: String, Sendable, Equatable {
    /// Equal distances for equal differences.
    case linear
    /// Equal distances for equal ratios; only positive values are drawn (loss curves).
    case logarithmic
}

/// A data interval mapped onto a pixel interval, linearly or logarithmically.
public struct AxisScale: Sendable, Equatable {
    /// Linear or logarithmic.
    public let kind: AxisKind
    /// The data interval shown.
    public let domain: ClosedRange<Double>
    /// Pixel coordinate of `domain.lowerBound`.
    public let start: Double
    /// Pixel coordinate of `domain.upperBound`.
    public let end: Double

    /// A scale from `domain` onto pixels `start`…`end` (which may run backwards, as y does).
    public init(kind: AxisKind = .linear, domain: ClosedRange<Double>, start: Double, end: Double) {
        self.kind = kind
        self.domain = domain
        self.start = start
        self.end = end
    }

    /// The pixel coordinate of `value`, or nil when it cannot be drawn (non-finite, or ≤ 0 on a log axis).
    public func pixel(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        let t: Double
        switch kind {
        case .linear:
            t = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        case .logarithmic:
            guard value > 0 else { return nil }
            let low = log10(domain.lowerBound), high = log10(domain.upperBound)
            t = (log10(value) - low) / (high - low)
        }
        return start + t * (end - start)
    }

    /// The data value drawn at pixel coordinate `pixel`.
    public func value(atPixel pixel: Double) -> Double {
        let t = (pixel - start) / (end - start)
        switch kind {
        case .linear:
            return domain.lowerBound + t * (domain.upperBound - domain.lowerBound)
        case .logarithmic:
            let low = log10(domain.lowerBound), high = log10(domain.upperBound)
            return pow(10, low + t * (high - low))
        }
    }

    /// Pixels per data unit (linear scales).
    public var pixelsPerUnit: Double { (end - start) / (domain.upperBound - domain.lowerBound) }
}
