import Testing
import AutoDiff
@testable import Tensors

@Suite struct LinearCombinationTests {
    @Test func addsTheScaledTermsLeftToRightAndChecksItsOperands() throws {
        let (a, b, c) = (sample(5, seed: 101), sample(5, seed: 102), sample(5, seed: 103))
        let combined = try Tensor.linearCombination([1, 0.25, -3], [Tensor(a), Tensor(b), Tensor(c)])
        let expected: [Double] = (0..<5).map { i in
            let partial: Double = a[i] + 0.25 * b[i]
            return partial + -3 * c[i]
        }
        #expect(combined.scalars == expected)
        #expect(try Tensor.linearCombination([2], [Tensor(a)]).scalars == a.map { 2 * $0 })
        #expect(throws: TensorError.self) { try Tensor.linearCombination([], []) }
        #expect(throws: TensorError.self) { try Tensor.linearCombination([1], [Tensor(a), Tensor(b)]) }
        #expect(throws: TensorError.self) { try Tensor.linearCombination([1, 1], [Tensor(a), Tensor([1, 2])]) }
    }

    /// Σ w ⊙ (a + 0.5·(a ⊙ b) − 2·b + 1·b), one variable used in several terms, against the scalar engine.
    @Test func pullbackIsTheTransposeLikeTheScalarEngine() throws {
        let (a, b, w) = (sample(6, seed: 104), sample(6, seed: 105), sample(6, seed: 106))
        let (value, g) = try tensorValueWithGradient(at: [Tensor(a), Tensor(b)]) { p in
            let terms = [p[0], try p[0] * p[1], p[1], p[1]]
            return try (TrackedTensor.linearCombination([1, 0.5, -2, 1], terms) * Tensor(w)).sum()
        }
        let scalar = AutoDiff.valueWithGradient(at: a + b) { v in
            var total = Reverse<Double>(0)
            for i in 0..<6 {
                let (ai, bi) = (v[i], v[6 + i])
                let combined = ai + Reverse(constant: 0.5) * (ai * bi) + Reverse(constant: -2) * bi + bi
                total = total + combined * Reverse(constant: w[i])
            }
            return total
        }
        #expect(close([value], [scalar.value]))
        #expect(close(g[0].scalars + g[1].scalars, scalar.gradient))
    }

    /// a + a + 3a: the unit-coefficient shares are the cotangent itself, so the sum must copy before
    /// adding in place (and leave the cotangent it shares untouched).
    @Test func sharedUnitSharesAccumulateWithoutAliasing() throws {
        let (a, w) = (sample(4, seed: 107), sample(4, seed: 108))
        let g = try tensorGradient(at: [Tensor(a)]) { p in
            try (TrackedTensor.linearCombination([1, 1, 3], [p[0], p[0], p[0]]) * Tensor(w)).sum()
        }
        #expect(close(g[0].scalars, w.map { 5 * $0 }))
    }
}
