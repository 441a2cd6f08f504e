import Testing
import AutoDiff

/// Subdifferentials at kinks, against literal values (never finite differences).
@Suite struct SubdifferentialTests {
    // MARK: one variable, exact one-sided mode

    @Test func absoluteValueAtZeroIsMinusOneToOne() {
        let s = subdifferential(at: 0.0) { abs($0) }
        #expect(s.interval == -1...1)
        #expect(s.exact)
        #expect(!s.differentiable)
        #expect(s.extremePoints == [[-1], [1]])
    }

    @Test func reluAtZeroIsZeroToOne() {
        let s = subdifferential(at: 0.0) { relu($0) }
        #expect(s.interval == 0...1)
        #expect(s.exact && !s.differentiable)
    }

    @Test func maxOfTwoLinesAtZero() {
        #expect(subdifferential(at: 0.0) { x in max(x, 2 * x) }.interval == 1...2)
        #expect(subdifferential(at: 0.0) { x in min(x, 2 * x) }.interval == 1...2)
    }

    @Test func sumOfAbsoluteValues() {
        let s = subdifferential(at: 0.0) { x in abs(x) + abs(x - 1) }
        #expect(s.interval == -2...0)
        #expect(s.exact)
        #expect(subdifferential(at: 0.5) { x in abs(x) + abs(x - 1) }.gradient == [0])
    }

    @Test func reluDifferenceIsDifferentiableWithSlopeOne() {
        let s = subdifferential(at: 0.0) { x in relu(x) - relu(-x) }
        #expect(s.differentiable)
        #expect(s.extremePoints == [[1]])
        #expect(oneSidedDerivatives(at: 0.0) { x in relu(x) - relu(-x) } == (left: 1, right: 1))
    }

    @Test func smoothFunctionGivesItsDerivative() {
        let s = subdifferential(at: 2.0) { x in x * x * x }
        #expect(s.differentiable)
        #expect(s.gradient == [12])
        #expect(subdifferential(at: 3.0) { abs($0) }.gradient == [1])
        #expect(subdifferential(at: -3.0) { abs($0) }.gradient == [-1])
    }

    @Test func compositionThroughKinks() {
        // |x|² is differentiable at 0; |max(x, 0) − 1| away from its kinks is smooth.
        #expect(subdifferential(at: 0.0) { x in abs(x) * abs(x) }.gradient == [0])
        #expect(subdifferential(at: 0.0) { x in abs(abs(x) - 0) }.interval == -1...1)
        #expect(subdifferential(at: 0.0) { x in -abs(x) }.interval == -1...1)
        #expect(subdifferential(at: 0.0) { x in 3 * relu(x) }.interval == 0...3)
    }

    @Test func squareRootAtZeroIsNotLipschitz() {
        let s = subdifferential(at: 0.0) { sqrt($0) }
        #expect(!s.exact && !s.differentiable)
        #expect(s.note == "not Lipschitz at this point (sqrt at 0)")
        #expect(subdifferential(at: 4.0) { sqrt($0) }.gradient == [0.25])
    }

    @Test func directionalDerivativeOfMax() throws {
        let f = { (v: [OneSided]) in max(v[0], v[1]) }
        #expect(try oneSidedDirectionalDerivative(at: [1, 1], along: [1, -1], of: f) == 1)
        #expect(try oneSidedDirectionalDerivative(at: [1, 1], along: [-1, 2], of: f) == 2)
        #expect(throws: AutoDiffError.self) { try oneSidedDirectionalDerivative(at: [1, 1], along: [1], of: f) }
    }

    // MARK: several variables, set propagation

    @Test func maxOnATieIsTheSegment() throws {
        let s = try subdifferential(at: [1.0, 1.0]) { v in max(v[0], v[1]) }
        #expect(s.exact)
        #expect(Set(s.extremePoints) == Set([[1, 0], [0, 1]]))
        #expect(s.interval == nil)
    }

    @Test func setRulesReproduceOneVariableResults() throws {
        #expect(try subdifferential(at: [0.0]) { abs($0[0]) }.interval == -1...1)
        #expect(try subdifferential(at: [0.0]) { relu($0[0]) }.interval == 0...1)
        #expect(try subdifferential(at: [0.0]) { v in max(v[0], 2 * v[0]) }.interval == 1...2)
        let sum = try subdifferential(at: [0.0]) { v in abs(v[0]) + abs(v[0] - 1) }
        #expect(sum.interval == -2...0)
        #expect(sum.exact && sum.note == nil)
    }

    @Test func reluDifferenceIsDecidedInOneVariable() throws {
        let s = try subdifferential(at: [0.0]) { v in relu(v[0]) - relu(-v[0]) }
        #expect(s.differentiable)
        #expect(s.extremePoints == [[1]])
    }

    @Test func setRulesAloneOnlyBoundReluDifferenceInTwoVariables() throws {
        // f = x + y written with kinks: the rules give the segment (0, 1)–(2, 1) and say "not exact";
        // the one-sided derivatives found (1, 1) inside it.
        let s = try subdifferential(at: [0.0, 0.0]) { v in relu(v[0]) - relu(-v[0]) + v[1] }
        #expect(!s.exact && !s.differentiable)
        #expect(Set(s.extremePoints) == Set([[0, 1], [2, 1]]))
        #expect(s.note?.contains("[1, 1]") == true)
    }

    @Test func constantsAreExactZeroGradients() throws {
        let y = relu(SubgradientSet(constant: 0)) + 3
        #expect(y.exact && y.smooth && y.value == 3)
        #expect(try subdifferential(at: [1.0, 2.0]) { _ in 5 }.gradient == [0, 0])
    }

    @Test func smoothFunctionGivesItsGradient() throws {
        let s = try subdifferential(at: [1.0, 2, 3]) { v in v[0] * v[0] + 2 * v[1] * v[1] + 3 * v[2] * v[2] }
        #expect(s.differentiable)
        #expect(s.gradient == [2, 8, 18])
    }

    @Test func normOneIsTheSquareAtZero() throws {
        let s = try subdifferential(at: [0.0, 0.0]) { v in abs(v[0]) + abs(v[1]) }
        #expect(s.exact)
        #expect(Set(s.extremePoints) == Set([[-1, -1], [1, -1], [1, 1], [-1, 1]]))
    }

    @Test func maxOfThreeIsTheSimplex() throws {
        let s = try subdifferential(at: [2.0, 2, 2]) { v in max(v[0], v[1], v[2]) }
        #expect(s.exact)
        #expect(Set(s.extremePoints) == Set([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))
        // The centre of the cube [-1, 1]³ is not a vertex of ‖x‖₁'s subdifferential.
        let l1 = try subdifferential(at: [0.0, 0, 0]) { v in abs(v[0]) + abs(v[1]) + abs(v[2]) }
        #expect(l1.extremePoints.count == 8)
    }

    @Test func minOnATieIsTheSegment() throws {
        let s = try subdifferential(at: [3.0, 3.0]) { v in min(v[0], v[1]) }
        #expect(s.exact)
        #expect(Set(s.extremePoints) == Set([[1, 0], [0, 1]]))
    }

    @Test func oneSidedDerivativesDecideWhatTheRulesCannot() throws {
        // |x + y| − |x| at 0: the sum rule cannot prove the parallelogram exact (a convex minus a
        // convex kink), but all four of its vertices are gradients of pieces active on open cones.
        let s = try subdifferential(at: [0.0, 0.0]) { v in abs(v[0] + v[1]) - abs(v[0]) }
        #expect(s.exact)
        #expect(Set(s.extremePoints) == Set([[0, 1], [2, 1], [0, -1], [-2, -1]]))
        #expect(s.note?.hasPrefix("decided by one-sided derivatives") == true)
    }

    @Test func cancellingKinksAreNotClaimedExact() throws {
        let s = try subdifferential(at: [0.0, 5.0]) { v in relu(v[0]) - relu(v[0]) + v[1] }
        #expect(!s.exact)
        #expect(Set(s.extremePoints) == Set([[-1, 1], [1, 1]]))
    }

    @Test func maxNormIsExactByTheRulesMinOfNormsIsDecidedByProbes() throws {
        let diamond: Set<[Double]> = [[1, 0], [0, 1], [-1, 0], [0, -1]]
        let maxNorm = try subdifferential(at: [0.0, 0.0]) { v in max(abs(v[0]), abs(v[1])) }
        #expect(maxNorm.exact && maxNorm.note == nil) // a max of regular functions
        #expect(Set(maxNorm.extremePoints) == diamond)
        let minOfNorms = try subdifferential(at: [0.0, 0.0]) { v in min(abs(v[0]), abs(v[1])) }
        #expect(minOfNorms.exact) // the min rule cannot prove it; all four pieces are found active
        #expect(minOfNorms.note?.hasPrefix("decided by one-sided derivatives") == true)
        #expect(Set(minOfNorms.extremePoints) == diamond)
    }

    @Test func productsAndScalingAtKinks() throws {
        // |x|·|y| is strictly differentiable at 0; |x|·(y − 1) scales the kink by −1.
        #expect(try subdifferential(at: [0.0, 0.0]) { v in abs(v[0]) * abs(v[1]) }.gradient == [0, 0])
        let scaled = try subdifferential(at: [0.0, 0.0]) { v in abs(v[0]) * (v[1] - 1) }
        #expect(scaled.exact)
        #expect(Set(scaled.extremePoints) == Set([[-1, 0], [1, 0]]))
        let quotient = try subdifferential(at: [0.0, 2.0]) { v in relu(v[0]) / v[1] }
        #expect(quotient.exact)
        #expect(Set(quotient.extremePoints) == Set([[0, 0], [0.5, 0]]))
    }

    @Test func wrongInputsThrow() {
        #expect(throws: AutoDiffError.empty(what: "point")) { try subdifferential(at: [Double]()) { _ in 0 } }
        #expect(throws: AutoDiffError.self) { try subdifferential(at: [Double.nan]) { $0[0] } }
    }
}
