import Foundation
import Rules
import Testing
@testable import Tour

/// The tour's numbers, asserted against the article's closed forms.
@Suite struct TourNumbersTests {
    static let report: TourReport? = try? Tour.run()

    @Test func everyCheckPasses() throws {
        let report = try #require(Self.report)
        #expect(report.sections.map(\.number) == [1, 2, 3, 4, 5])
        #expect(report.checks.count >= 30)
        for check in report.checks where !check.passed {
            Issue.record("failed: \(check.claim): computed \(check.computed), expected \(check.reference)")
        }
    }

    @Test func sectionOneDerivativeOfTheSquare() throws {
        let report = try #require(Self.report)
        #expect(report.value("f′(1.5)", inSection: 1) == [3])
        #expect(report.value("f(1.5)", inSection: 1) == [2.25])
        #expect(report.value("tangent intercept", inSection: 1) == [-2.25])
    }

    @Test func sectionTwoGradientsAndDirectionalDerivatives() throws {
        let report = try #require(Self.report)
        #expect(report.value("∇f(1, −2, 0.5)", inSection: 2) == [2, -8, 3])
        #expect(report.value("∇g(1, 2, 3, 4)", inSection: 2) == [2, 4, 6, 8])
        #expect(report.value("D_v f, v = e_x = (1, 0, 0)", inSection: 2) == [2])
        #expect(report.value("D_v f, v = (4, 1, 0), at right angles to ∇f", inSection: 2) == [0])
        let norm = try #require(report.value("‖∇f‖", inSection: 2)?.first)
        #expect(abs(norm - (4.0 + 64 + 9).squareRoot()) < 1e-12)
        let steepest = try #require(report.value("D_v f, v = ∇f/‖∇f‖ (steepest ascent)", inSection: 2)?.first)
        #expect(abs(steepest - norm) < 1e-12)
        let fastestOther = try #require(report.value("fastest of 200 other unit directions", inSection: 2)?.first)
        #expect(fastestOther < norm)
    }

    @Test func sectionThreeSubdifferentialsAreTheArticlesIntervals() throws {
        let section = try #require(Self.report?.section(3))
        #expect(section.examples.count == 2)
        let intervals = section.examples.map { $0.values.first { $0.name == "∂f(0)" } }
        #expect(intervals[0]?.value == [-1, 1])
        #expect(intervals[1]?.value == [0, 1])
        #expect(intervals.allSatisfy { $0?.isInterval == true })
        #expect(section.examples.map { $0.values.first { $0.name == "f′(−1.5)" }?.value } == [[-1], [0]])
        #expect(SubgradientSection.policyInterval(at: 2) { abs($0) } == 1...1)
        #expect(SubgradientSection.policyInterval(at: 0) { max($0, 0) } == 0...1)
    }

    @Test func sectionFourChainRule() throws {
        let report = try #require(Self.report)
        #expect(report.value("(f∘g)′(2)", inSection: 4) == [6])
        #expect(report.value("f′(g(2))", inSection: 4) == [6])
        #expect(report.value("g′(2)", inSection: 4) == [1])
        #expect(report.value("f(g(2))", inSection: 4) == [9])
    }

    @Test func sectionFiveGradientsAndRegression() throws {
        let report = try #require(Self.report)
        #expect(report.value("∇‖w‖²", inSection: 5) == [2, -4, 6, 1])
        #expect(report.value("∇_w(w·x)", inSection: 5) == [2, -1, 0.5, 3])
        #expect(report.value("L(0, 0)", inSection: 5) == [121.25])
        // (2/N) Σ (0 − yᵢ)·xᵢ = −2·444/8 and (2/N) Σ (0 − yᵢ) = −2·80/8.
        #expect(report.value("∇L(0, 0) = (∂L/∂w, ∂L/∂b)", inSection: 5) == [-111, -20])
        #expect(report.value("exact least-squares (w, b)", inSection: 5) == [2, 1])
        let fitted = try #require(report.value("gradient-descent (w, b)", inSection: 5))
        #expect(abs(fitted[0] - 2) < 1e-9 && abs(fitted[1] - 1) < 1e-9)
        let loss = try #require(report.value("final loss", inSection: 5)?.first)
        #expect(abs(loss - 0.25) < 1e-12)
    }

    @Test func theDatasetHasTheAdvertisedLeastSquaresLine() throws {
        let n = Double(PracticeDataset.x.count)
        // The residuals of y = 2x + 1 sum to zero and are orthogonal to x: the normal equations hold.
        let residuals = zip(PracticeDataset.x, PracticeDataset.y).map { $1 - (2 * $0 + 1) }
        #expect(residuals.reduce(0, +) == 0)
        #expect(zip(residuals, PracticeDataset.x).reduce(0) { $0 + $1.0 * $1.1 } == 0)
        #expect(residuals.reduce(0) { $0 + $1 * $1 } / n == 0.25)
        #expect(PracticeDataset.csv.hasPrefix("x,y\n1,3.5\n"))
    }

    @Test func aWrongClaimFails() {
        let exact = TourCheck("1 = 1", computed: 1, reference: 1, method: "m")
        let off = TourCheck("1 = 1 + ε", computed: 1, reference: 1 + 1e-15, method: "m")
        let loose = TourCheck("close", computed: 1, reference: 1.001, method: "m", tolerance: 0.01)
        let nan = TourCheck("nan", computed: .nan, reference: 1, method: "m", tolerance: 1)
        #expect(exact.passed && !off.passed && loose.passed && !nan.passed)
        #expect(!TourCheck("lengths", computed: [1], reference: [1, 2], method: "m").passed)
    }

    @Test func unknownSectionIsAnActionableError() {
        #expect(throws: TourError.noSuchSection(7)) { try Tour.build(section: 7) }
        #expect(TourError.noSuchSection(7).description == "no section 7: the tour has sections 1 to 5")
    }
}
