import Testing
import AutoDiff
import Rules
@testable import Tensors

/// op(a, b shifted) in one tape entry against the two-step form (shift, then op) and the scalar engine.
@Suite struct ShiftedElementwiseTests {
    @Test func valuesAreTheTwoStepForm() throws {
        let a = Tensor([2, 3, 4]), b = Tensor([5, 6, 7])
        #expect(try Tensor.applying(.multiply, a, shifted: b, by: 1, filling: 1).scalars == [2, 15, 24])
        #expect(try Tensor.applying(.subtract, a, shifted: b, by: -2, filling: 0).scalars == [-5, 3, 4])
        let m = try Tensor(rows: [[1, 2], [3, 4], [5, 6]]), n = try Tensor(rows: [[1, 1], [2, 2], [3, 3]])
        let fused = try Tensor.applying(.add, m, shifted: n, by: 1, filling: 10)
        #expect(fused == (try Tensor.applying(.add, m, n.shifted(by: 1, filling: 10))))
        #expect(throws: TensorError.self) { try Tensor.applying(.add, a, shifted: Tensor([1, 2]), by: 1, filling: 0) }
        #expect(throws: TensorError.self) { try Tensor.applying(.add, Tensor(1), shifted: Tensor(2), by: 1, filling: 0) }
    }

    @Test(arguments: Binary.allCases)
    func pullbackIsTheTwoStepFormsAndTheScalarEngines(op: Binary) throws {
        let n = 6
        // Positive operands keep pow in its domain; a repeated value gives max/min a tie (a kink).
        var a = sample(n, seed: 111).map { abs($0) + 0.5 }
        let b = sample(n, seed: 112).map { abs($0) + 0.5 }, w = sample(n, seed: 113)
        a[3] = b[2]
        for offset in [1, 2, -1, 7] {
            let fill = 0.75
            let (value, g) = try tensorValueWithGradient(at: [Tensor(a), Tensor(b)]) { p in
                // b also enters directly, so its cotangent accumulates over two entries.
                let fused = try TrackedTensor.applying(op, p[0], shifted: p[1], by: offset, filling: fill)
                return try ((fused + p[1]) * Tensor(w)).sum()
            }
            let (twoStepValue, twoStep) = try tensorValueWithGradient(at: [Tensor(a), Tensor(b)]) { p in
                try ((TrackedTensor.applying(op, p[0], p[1].shifted(by: offset, filling: fill)) + p[1]) * Tensor(w)).sum()
            }
            let scalar = AutoDiff.valueWithGradient(at: a + b) { v in
                var total = Reverse<Double>(0)
                for i in 0..<n {
                    let source = i - offset
                    let moved = (0..<n).contains(source) ? v[n + source] : Reverse(constant: fill)
                    total = total + (Reverse.apply(op, v[i], moved) + v[n + i]) * Reverse(constant: w[i])
                }
                return total
            }
            #expect(value == twoStepValue)
            #expect(close(g[0].scalars, twoStep[0].scalars) && close(g[1].scalars, twoStep[1].scalars))
            #expect(close([value], [scalar.value]))
            #expect(close(g[0].scalars + g[1].scalars, scalar.gradient))
        }
    }
}
