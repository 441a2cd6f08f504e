import Rules

/// One claim the tour verifies: a computed result against an independent reference.
///
/// `tolerance == 0` means the claim is exact: every component must be equal, bit for bit.
public struct TourCheck: Sendable, Codable, Equatable {
    /// What is claimed, e.g. "reverse mode = closed form 2x".
    public let claim: String
    /// What Slope computed.
    public let computed: [Double]
    /// The independent reference (closed form, finite differences, the other AD mode, …).
    public let reference: [Double]
    /// How the reference was obtained.
    public let method: String
    /// The largest allowed |computed − reference| per component (0: exact).
    public let tolerance: Double
    /// The largest |computed − reference| seen.
    public let maxError: Double
    /// Whether the claim holds.
    public let passed: Bool

    /// Compares `computed` with `reference` component by component.
    public init(_ claim: String, computed: [Double], reference: [Double], method: String, tolerance: Double = 0) {
        self.claim = claim
        self.computed = computed
        self.reference = reference
        self.method = method
        self.tolerance = tolerance
        var worst = computed.count == reference.count ? 0.0 : .infinity
        for (a, b) in zip(computed, reference) {
            let e = a == b ? 0 : Swift.abs(a - b)
            worst = Swift.max(worst, e.isNaN ? .infinity : e)
        }
        maxError = worst
        passed = worst <= tolerance
    }

    /// A check of a single number.
    public init(_ claim: String, computed: Double, reference: Double, method: String, tolerance: Double = 0) {
        self.init(claim, computed: [computed], reference: [reference], method: method, tolerance: tolerance)
    }

    /// A check of a yes/no property (computed 1 when it holds).
    public init(_ claim: String, holds: Bool, method: String) {
        self.init(claim, computed: [holds ? 1 : 0], reference: [1], method: method)
    }
}
