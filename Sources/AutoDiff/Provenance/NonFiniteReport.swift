/// Where a NaN or infinity in a function's value or gradient came from: the answer of
/// `explainNonFinite(at:of:)`.
///
/// ```swift
/// let report = try explainNonFinite(at: [0, 0]) { w in sqrt(w[0] * w[0] + w[1] * w[1]) }
/// report.explanation
/// // "gradient[0] is nan: ∞·0 in the chain rule at 0 * 0 (operation #2), where the infinite
/// //  derivative of sqrt(0) (operation #5) met a zero partial; reached from input x[0] = 0"
/// ```
public struct NonFiniteReport: Sendable, CustomStringConvertible {
    /// What produced the first non-finite number.
    public enum Cause: Sendable, Equatable {
        /// Value and gradient are finite.
        case none
        /// An input is NaN or infinite.
        case input(index: Int)
        /// An operation produced a non-finite value from finite operands (log(0), 1/0, …).
        case value(operation: Int)
        /// A finite adjoint met an infinite or NaN local partial (√ at 0, say).
        case infinitePartial(operation: Int, operand: Int)
        /// ∞·0 in the chain rule: an infinite adjoint times a zero partial, or a zero adjoint times
        /// an infinite partial; `origin` is the operation whose infinite partial started it.
        case infinityTimesZero(operation: Int, operand: Int, origin: Int?)
        /// ∞ − ∞ when two contributions to one adjoint were added.
        case cancellation(operation: Int)
    }

    /// f(x).
    public let value: Double
    /// The reverse-mode gradient as computed (with its NaNs and infinities).
    public let gradient: [Double]
    /// Every operation of the evaluation, inputs first.
    public let operations: [TracedOperation]
    /// What produced the first non-finite number.
    public let cause: Cause
    /// The inputs the culprit operation depends on (sorted indices into x).
    public let inputs: [Int]
    /// One line a person can act on.
    public let explanation: String

    /// Whether value and gradient are both finite.
    public var isFinite: Bool { cause == .none }

    /// The explanation.
    public var description: String { explanation }
}
