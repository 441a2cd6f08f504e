import Testing
import AutoDiff
@testable import Tensors

@Suite struct ShiftingTests {
    @Test func movesAlongTheLeadingAxisAndFillsTheVacatedPlaces() throws {
        let v = Tensor([1, 2, 3, 4])
        #expect(try v.shifted(by: 1, filling: 0).scalars == [0, 1, 2, 3])
        #expect(try v.shifted(by: -2, filling: 9).scalars == [3, 4, 9, 9])
        #expect(try v.shifted(by: 0, filling: 9).scalars == [1, 2, 3, 4])
        #expect(try v.shifted(by: 7, filling: 5).scalars == [5, 5, 5, 5])
        #expect(try v.shifted(by: -7, filling: 5).scalars == [5, 5, 5, 5])
        // Rank 2: whole rows move.
        let m = try Tensor(rows: [[1, 2], [3, 4], [5, 6]]).shifted(by: 1, filling: -1)
        #expect(m.shape == [3, 2])
        #expect(m.scalars == [-1, -1, 1, 2, 3, 4])
        #expect(try Tensor([Double]()).shifted(by: 1, filling: 0).scalars == [])
        #expect(throws: TensorError.self) { try Tensor(3).shifted(by: 1, filling: 0) }
    }

    /// Σ w ⊙ (x ⊙ shift(x)) against the scalar engine, for shifts both ways and past the end.
    @Test(arguments: [1, 2, -1, -3, 6])
    func pullbackMovesTheCotangentBackLikeTheScalarEngine(offset: Int) throws {
        let x = sample(5, seed: 81), w = sample(5, seed: 82)
        let (value, g) = try tensorValueWithGradient(at: [Tensor(x)]) { p in
            try (p[0] * p[0].shifted(by: offset, filling: 0.5) * Tensor(w)).sum()
        }
        let scalar = AutoDiff.valueWithGradient(at: x) { v in
            var total = Reverse<Double>(0)
            for i in 0..<5 {
                let source = i - offset
                let moved = (0..<5).contains(source) ? v[source] : Reverse(constant: 0.5)
                total = total + v[i] * moved * Reverse(constant: w[i])
            }
            return total
        }
        #expect(close([value], [scalar.value]))
        #expect(close(g[0].scalars, scalar.gradient))
    }

    @Test func valueWithPullbackIsTheVectorJacobianProduct() throws {
        let (a, b, seed) = (sample(4, seed: 83), sample(4, seed: 84), sample(4, seed: 85))
        let (value, bars) = try tensorValueWithPullback(at: [Tensor(a), Tensor(b)], seed: Tensor(seed)) { p in
            try p[0] * p[1].shifted(by: 1, filling: 1)
        }
        let moved: [Double] = [1] + b.dropLast()
        #expect(value.scalars == zip(a, moved).map(*))
        #expect(close(bars[0].scalars, zip(seed, moved).map(*)))
        let expectedB: [Double] = [seed[1] * a[1], seed[2] * a[2], seed[3] * a[3], 0]
        #expect(close(bars[1].scalars, expectedB))
        #expect(throws: TensorError.self) {
            try tensorValueWithPullback(at: [Tensor(a)], seed: Tensor([1, 2])) { p in try p[0] * p[0] }
        }
        // A result that does not depend on the inputs: zero cotangents.
        let constant = try tensorValueWithPullback(at: [Tensor(a)], seed: Tensor(b)) { _ in Tensor(b).constant }
        #expect(constant.cotangents[0].scalars == [0, 0, 0, 0])
    }
}
