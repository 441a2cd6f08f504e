import Testing
import AutoDiff
import Rules
@testable import Tensors

/// The vectorized loops (equal shapes, a single-scalar operand) against the scalar engine.
@Suite struct ElementwiseKernelTests {
    @Test(arguments: Binary.allCases)
    func equalShapesAndScalarOperandsAgreeWithTheScalarEngine(op: Binary) throws {
        let n = 7
        let a = sample(n, seed: 91).map { abs($0) + 0.5 }, b = sample(n, seed: 92).map { abs($0) + 0.5 }
        let c = 1.75, w = sample(n, seed: 93)
        let (value, g) = try tensorValueWithGradient(at: [Tensor(a), Tensor(b), Tensor(c)]) { p in
            let same = try TrackedTensor.applying(op, p[0], p[1])
            let scalarRight = try TrackedTensor.applying(op, p[0], p[2])
            let scalarLeft = try TrackedTensor.applying(op, p[2], p[1])
            return try ((same + scalarRight + scalarLeft) * Tensor(w)).sum()
        }
        let scalar = AutoDiff.valueWithGradient(at: a + b + [c]) { v in
            var total = Reverse<Double>(0)
            for i in 0..<n {
                let terms = Reverse.apply(op, v[i], v[n + i]) + Reverse.apply(op, v[i], v[2 * n])
                    + Reverse.apply(op, v[2 * n], v[n + i])
                total = total + terms * Reverse(constant: w[i])
            }
            return total
        }
        #expect(close([value], [scalar.value]))
        #expect(close(g[0].scalars + g[1].scalars + g[2].scalars, scalar.gradient))
    }

    /// Equal shapes with ties: each tie is one kink, met once, resolved by the policy.
    @Test func tiesOfEqualShapedOperandsFollowTheKinkPolicy() throws {
        let (a, b) = (Tensor([1, 2, 3]), Tensor([1, 5, 3]))
        for (policy, onTie) in [(KinkPolicy.minimumNorm, 0.5), (.upper, 1), (.lower, 0)] {
            let (g, kinks) = try withKinkPolicy(policy) {
                try tensorGradient(at: [a, b]) { p in try TrackedTensor.applying(.max, p[0], p[1]).sum() }
            }
            #expect(g[0].scalars == [onTie, 0, onTie])
            #expect(g[1].scalars == [1 - onTie, 1, 1 - onTie])
            #expect(kinks.count == 2)
        }
    }
}
