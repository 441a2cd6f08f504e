import Testing
import AutoDiff

/// `explainNonFinite(at:of:)` names the first operation that made a NaN or infinity, and why.
@Suite struct NonFiniteProvenanceTests {
    func norm<T: Scalar>(_ w: [T]) -> T { sqrt(w.reduce(0) { $0 + $1 * $1 }) }

    @Test func normAtZeroIsInfinityTimesZero() throws {
        #expect(gradient(at: [0.0, 0.0], of: norm).allSatisfy { $0.isNaN }) // the symptom
        let report = try explainNonFinite(at: [0, 0], of: norm)
        #expect(report.gradient.allSatisfy { $0.isNaN })
        #expect(report.explanation == "gradient[0] is nan: ∞·0 in the chain rule at 0 * 0 (operation #2), "
            + "where the infinite derivative of sqrt(0) (operation #6) met a zero partial; reached from input x[0] = 0")
        #expect(report.cause == .infinityTimesZero(operation: 2, operand: 0, origin: 6))
        #expect(report.operations[6].call == "sqrt(0)")
        #expect(report.inputs == [0])
        #expect(!report.isFinite)
    }

    @Test func squareRootAtZeroHasAnInfiniteDerivative() throws {
        let report = try explainNonFinite(at: [0]) { x in sqrt(x[0]) }
        #expect(report.gradient == [.infinity])
        #expect(report.cause == .infinitePartial(operation: 1, operand: 0))
        #expect(report.explanation == "gradient[0] is inf: the derivative of sqrt(0) (operation #1) is infinite; reached from input x[0] = 0")
    }

    @Test func zeroAdjointTimesInfinitePartial() throws {
        // 0 · √x is 0 everywhere, but the chain rule multiplies √′(0) = ∞ by the adjoint 0.
        let f = { (x: [Traced]) in 0 * sqrt(x[0]) }
        let report = try explainNonFinite(at: [0], of: f)
        #expect(report.gradient[0].isNaN)
        #expect(gradient(at: [0.0]) { x in 0 * sqrt(x[0]) }[0].isNaN) // reverse mode agrees
        #expect(report.cause == .infinityTimesZero(operation: 1, operand: 0, origin: nil))
        #expect(report.explanation == "gradient[0] is nan: ∞·0 in the chain rule at sqrt(0) (operation #1): "
            + "its derivative is infinite and its adjoint is 0; reached from input x[0] = 0")
    }

    @Test func logOfZeroIsAValueProblem() throws {
        let report = try explainNonFinite(at: [1, 1]) { x in log(x[0] - x[1]) * 2 }
        #expect(report.cause == .value(operation: 3))
        #expect(report.explanation == "the value is -inf: log(0) = -inf (operation #3); reached from inputs x[0] = 1, x[1] = 1")
    }

    @Test func nonFiniteInputIsNamed() throws {
        let report = try explainNonFinite(at: [1, .nan]) { x in x[0] + x[1] }
        #expect(report.cause == .input(index: 1))
        #expect(report.explanation == "input x[1] is nan")
    }

    @Test func finiteGradientSaysSo() throws {
        let report = try explainNonFinite(at: [3, 4], of: norm)
        #expect(report.isFinite)
        #expect(report.value == 5)
        #expect(report.gradient == gradient(at: [3.0, 4.0], of: norm))
        #expect(report.explanation == "value and gradient are finite")
    }

    @Test func infinityMinusInfinity() throws {
        // √x − √x: the two contributions to x's adjoint are +∞ and −∞.
        let report = try explainNonFinite(at: [0]) { x in sqrt(x[0]) - sqrt(x[0]) }
        #expect(report.value == 0)
        #expect(report.cause == .cancellation(operation: 0))
        #expect(report.explanation == "gradient[0] is nan: ∞ − ∞ when the chain rule added the contributions to x[0] (operation #0); reached from input x[0] = 0")
    }

    @Test func emptyInputThrows() {
        #expect(throws: AutoDiffError.empty(what: "point")) { try explainNonFinite(at: []) { _ in 0 } }
    }
}
