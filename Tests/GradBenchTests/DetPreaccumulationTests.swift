import AutoDiff
import PropertyBased
import Testing
@testable import GradBench

/// The det eval's gradient with minors preaccumulated: equal to the plain tape's (cutoff 0), to
/// forward mode, and to the closed form ∂det A/∂A = adj(A)ᵀ = det(A)·A⁻ᵀ.
@Suite struct DetPreaccumulationTests {
    /// det(A)·A⁻ᵀ (row-major) by Gaussian elimination with partial pivoting, solving
    /// Aᵀ·G = det(A)·I column by column; independent of the expansion by minors.
    static func cofactorMatrix(_ a: [Double], ell n: Int) -> [Double] {
        // LU of Aᵀ with partial pivoting.
        var m = (0..<n * n).map { a[($0 % n) * n + $0 / n] }
        var permutation = Array(0..<n)
        var det = 1.0
        for k in 0..<n {
            let p = (k..<n).max { abs(m[$0 * n + k]) < abs(m[$1 * n + k]) } ?? k
            if p != k {
                for c in 0..<n { m.swapAt(k * n + c, p * n + c) }
                permutation.swapAt(k, p)
                det = -det
            }
            det *= m[k * n + k]
            for r in (k + 1)..<max(k + 1, n) {
                let f = m[r * n + k] / m[k * n + k]
                m[r * n + k] = f
                for c in (k + 1)..<n { m[r * n + c] -= f * m[k * n + c] }
            }
        }
        // Column j of G solves Aᵀ g = det·eⱼ; G[i][j] is ∂det/∂A[i][j].
        var g = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var y = permutation.map { $0 == j ? det : 0.0 }
            for r in 0..<n { for c in 0..<r { y[r] -= m[r * n + c] * y[c] } }
            for r in stride(from: n - 1, through: 0, by: -1) {
                for c in (r + 1)..<max(r + 1, n) { y[r] -= m[r * n + c] * y[c] }
                y[r] /= m[r * n + r]
            }
            for i in 0..<n { g[i * n + j] = y[i] }
        }
        return g
    }

    @Test func gradientAtEverySizeUpToSevenMatchesThePlainTapeAndTheCofactors() {
        var numbers = TestNumbers(seed: 11)
        for ell in 1...7 {
            let a = numbers.vector(ell * ell).map { 2 * $0 - 1 }
            let closed = Self.cofactorMatrix(a, ell: ell)
            let plain = gradient(at: a) { DetEval.objective($0, ell: ell, cutoff: 0) }
            #expect(agree(plain, closed, tolerance: 1e-11), "ℓ = \(ell), plain tape")
            for cutoff in [3, 4, 5, 6, DetEval.preaccumulationCutoff] {
                let hooked = gradient(at: a) { DetEval.objective($0, ell: ell, cutoff: cutoff) }
                #expect(agree(hooked, plain, tolerance: 1e-12), "ℓ = \(ell), cutoff \(cutoff)")
                #expect(abs(DetEval.objective(a, ell: ell, cutoff: cutoff) - DetEval.objective(a, ell: ell, cutoff: 0)) < 1e-13)
            }
        }
    }

    @Test func randomMatricesAgreeWithForwardModeAndTheCofactors() async {
        await propertyCheck(count: 25, input: Gen.int(in: 1...6), Gen.int(in: 0...6), Gen.double(in: -2...2).array(of: 36)) { ell, cutoff, entries in
            let a = Array(entries.prefix(ell * ell))
            let reverse = gradient(at: a) { DetEval.objective($0, ell: ell, cutoff: cutoff) }
            let forward = forwardGradient(at: a) { DetEval.objective($0, ell: ell, cutoff: cutoff) }
            #expect(agree(reverse, forward, tolerance: 1e-12))
            #expect(agree(reverse, Self.cofactorMatrix(a, ell: ell), tolerance: 1e-10))
        }
    }

    @Test func singularAndZeroMatrices() {
        // Rank ℓ − 1: det 0 but cofactors nonzero; the zero matrix: every cofactor 0 (ℓ ≥ 2). At
        // ℓ = 7 the default cutoff preaccumulates the 6×6 minors.
        let ell = 7
        var a = (0..<ell * ell).map { Double(($0 * 7) % 11) - 5 }
        for c in 0..<ell { a[4 * ell + c] = a[c] + a[ell + c] }
        let g = gradient(at: a) { DetEval.objective($0, ell: ell) }
        #expect(abs(DetEval.objective(a, ell: ell)) < 1e-9)
        #expect(agree(g, gradient(at: a) { DetEval.objective($0, ell: ell, cutoff: 0) }, tolerance: 1e-12))
        #expect(g.contains { abs($0) > 1 })
        let zero = [Double](repeating: 0, count: 49)
        #expect(gradient(at: zero) { DetEval.objective($0, ell: 7) } == zero)
        // The 0×0 matrix: det 1 (the empty product), no partials.
        #expect(DetEval.objective([Double](), ell: 0) == 1)
        #expect(gradient(at: [Double]()) { DetEval.objective($0, ell: 0) } == [])
    }

    @Test func theEvalUsesTheCutoffAndMatchesTheClosedFormAtEllEight() throws {
        var numbers = TestNumbers(seed: 3)
        let ell = 8
        let a = numbers.vector(ell * ell)
        let output = try evaluateOnce(DetEval.self, "gradient",
                                      .object(["A": .array(a.map { .number($0) }), "ell": .number(Double(ell))]))
        guard case .array(let values) = output else { Issue.record("not an array: \(output)"); return }
        let g = values.compactMap { value -> Double? in if case .number(let x) = value { x } else { nil } }
        #expect(agree(g, Self.cofactorMatrix(a, ell: ell), tolerance: 1e-9))
    }
}

@Test func compiledFourByFourPartialsEqualTheTapesToTheLastBit() {
    // The 4×4 minors' partials come from the code @ReverseGradient compiled from determinant4,
    // which is the recursion written out: the same value as the recursion and the same partials
    // as its tape, bit for bit.
    var generator = SplitMix64(seed: 44)
    for _ in 0..<20 {
        let a = (0..<16).map { _ in Double.random(in: -2...2, using: &generator) }
        let taped = valueWithGradient(at: a) { DetEval.objective($0, ell: 4, cutoff: 0) }
        let compiled = DetEval.determinant4Gradient(
            a00: a[0], a01: a[1], a02: a[2], a03: a[3], a10: a[4], a11: a[5], a12: a[6], a13: a[7],
            a20: a[8], a21: a[9], a22: a[10], a23: a[11], a30: a[12], a31: a[13], a32: a[14], a33: a[15])
        let g = compiled.gradient
        let partials = [g.a00, g.a01, g.a02, g.a03, g.a10, g.a11, g.a12, g.a13,
                        g.a20, g.a21, g.a22, g.a23, g.a30, g.a31, g.a32, g.a33]
        #expect(compiled.value == taped.value)
        #expect(partials == taped.gradient)
    }
}
