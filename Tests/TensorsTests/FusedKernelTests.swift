import Foundation
import Testing
import AutoDiff
@testable import Tensors

/// The m×n product of row-major A (m×k) and B (k×n) by its definition.
func naiveProduct(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
    var out = [Double](repeating: 0, count: m * n)
    for i in 0..<m { for j in 0..<n { for p in 0..<k { out[i * n + j] += a[i * k + p] * b[p * n + j] } } }
    return out
}

@Suite struct MatrixProductTests {
    /// Shapes that cross every edge of the blocked kernel: remainder rows and columns of the 8×8 tile
    /// (a last panel narrower than eight, rows past the last whole tile),
    /// more than one 256-wide column and depth block, and (the last) enough work to split across cores.
    @Test(arguments: [(1, 1, 1), (5, 3, 7), (2, 1000, 10), (9, 300, 263), (17, 300, 15), (130, 7, 9), (128, 64, 520)])
    func blockedProductAgreesWithTheDefinition(shape: (Int, Int, Int)) throws {
        let (m, k, n) = shape
        let a = sample(m * k, seed: 71), b = sample(k * n, seed: 72)
        let expected = naiveProduct(a, b, m: m, k: k, n: n)
        let product = try Tensor(shape: [m, k], scalars: a).matmul(Tensor(shape: [k, n], scalars: b))
        #expect(product.shape == [m, n])
        #expect(close(product.scalars, expected))
        // The same product with the left operand stored transposed (k×m) and the right one stored
        // transposed (n×k), neither transpose formed by the product itself.
        let aT = try Tensor(shape: [m, k], scalars: a).transposed(), bT = try Tensor(shape: [k, n], scalars: b).transposed()
        #expect(close(try aT.matmul(Tensor(shape: [k, n], scalars: b), transposing: .left).scalars, expected))
        #expect(close(try Tensor(shape: [m, k], scalars: a).matmul(bT, transposing: .right).scalars, expected))
    }

    /// A right operand with zero rows at the top and bottom of its panels (upper triangles, as in
    /// the gmm eval): the skipped zeros change nothing, and an infinite left entry still meets
    /// them (0·∞ is NaN, as in the definition).
    @Test func zeroRowsOfTheRightOperandAreSkippedOnlyWhenThatIsExact() throws {
        let (m, k, n) = (11, 12, 28)  // one whole tile of eight rows, three more; a narrow last panel
        var b = sample(k * n, seed: 76)
        for p in 0..<k { for j in 0..<n where p > j % 12 || (p < 2 && j >= 16) { b[p * n + j] = 0 } }
        var a = sample(m * k, seed: 77)
        let right = try Tensor(shape: [k, n], scalars: b)
        #expect(close(try Tensor(shape: [m, k], scalars: a).matmul(right).scalars, naiveProduct(a, b, m: m, k: k, n: n)))
        a[2 * k + 11] = .infinity  // row 2 meets B's row 11, zero in most columns
        let product = try Tensor(shape: [m, k], scalars: a).matmul(right).scalars
        let expected = naiveProduct(a, b, m: m, k: k, n: n)
        #expect(zip(product, expected).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) || abs($0 - $1) <= 1e-12 * max(1, abs($1)) })
        #expect(product.contains { $0.isNaN })
    }

    @Test func emptyDimensionsGiveEmptyOrZeroResults() throws {
        let wide = try Tensor(shape: [3, 0], scalars: []), empty = try Tensor(shape: [0, 2], scalars: [])
        #expect(try wide.matmul(Tensor(shape: [0, 2], scalars: [])).scalars == [0, 0, 0, 0, 0, 0])
        #expect(try wide.matmul(Tensor(shape: [4, 0], scalars: []), transposing: .right).scalars == [Double](repeating: 0, count: 12))
        #expect(try empty.matmul(Tensor(shape: [0, 5], scalars: []), transposing: .left).scalars == [Double](repeating: 0, count: 10))
        #expect(try empty.max(alongAxis: 1).shape == [0])
        #expect(try empty.logSumExp(alongAxis: 1).shape == [0])
        #expect(try tensorGradient(at: [empty]) { p in try p[0].logSumExp(alongAxis: 1).sum() }[0].shape == [0, 2])
    }

    @Test func transposedProductsCheckShapes() throws {
        let a = try Tensor(rows: [[1, 2], [3, 4]])
        #expect(try a.matmul(a, transposing: .left).scalars == [10, 14, 14, 20])
        #expect(try a.matmul(a, transposing: .right).scalars == [5, 11, 11, 25])
        #expect(throws: TensorError.self) { try a.matmul(Tensor(rows: [[1, 2, 3]]), transposing: .left) }
        #expect(throws: TensorError.self) { try a.matmul(Tensor(rows: [[1, 2, 3]]), transposing: .right) }
        #expect(throws: TensorError.self) { try a.matmul(Tensor([1, 2]), transposing: .left) }
    }

    /// Both operands tracked, at a size where the pullback's transposed products use the blocked
    /// kernel: against the scalar reverse engine.
    @Test func productPullbackAgreesWithTheScalarEngine() throws {
        let (m, k, n) = (6, 9, 5)
        let a = sample(m * k, seed: 73), b = sample(k * n, seed: 74), c = sample(m * n, seed: 75)
        let (value, g) = try tensorValueWithGradient(at: [Tensor(shape: [m, k], scalars: a), Tensor(shape: [k, n], scalars: b)]) { p in
            try (p[0].matmul(p[1]) * Tensor(shape: [m, n], scalars: c)).sum()
        }
        let scalar = AutoDiff.valueWithGradient(at: a + b) { v in
            var total = Reverse<Double>(0)
            for i in 0..<m {
                for j in 0..<n {
                    var s = Reverse<Double>(0)
                    for p in 0..<k { s = s + v[i * k + p] * v[m * k + p * n + j] }
                    total = total + s * Reverse(constant: c[i * n + j])
                }
            }
            return total
        }
        #expect(close([value], [scalar.value]))
        #expect(close(g[0].scalars + g[1].scalars, scalar.gradient))
    }
}

@Suite struct SumApplyingTests {
    @Test func squaredNormsOfRows() throws {
        #expect(try Tensor(rows: [[1, 2], [3, 4]]).sum(applying: .powInt(2), alongAxis: 1).scalars == [5, 25])
        #expect(try Tensor(rows: [[1, 2], [3, 4]]).sum(applying: .powInt(2), alongAxis: 0).scalars == [10, 20])
        #expect(throws: TensorError.self) { try Tensor([1, 2]).sum(applying: .exp, alongAxis: 1) }
    }

    /// Σ op(x) along each axis of a 2×3×4 tensor, weighted and summed, against the scalar engine
    /// (value and gradient) for primitives whose derivative reads x, y, or neither.
    @Test(arguments: [Unary.powInt(2), .exp, .sin, .sqrt, .powInt(3)])
    func valueAndPullbackAlongEachAxisMatchTheScalarEngine(op: Unary) throws {
        let shape = [2, 3, 4]
        let x = sample(24, seed: 81).map { op == .sqrt ? abs($0) + 0.1 : $0 }
        for axis in 0..<3 {
            var reduced = shape
            reduced.remove(at: axis)
            let weights = sample(reduced.reduce(1, *), seed: 82)
            let (value, g) = try tensorValueWithGradient(at: [Tensor(shape: shape, scalars: x)]) { p in
                try (p[0].sum(applying: op, alongAxis: axis) * Tensor(shape: reduced, scalars: weights)).sum()
            }
            let scalar = valueWithGradient(at: x) { v in
                var total: Reverse<Double> = 0
                for i in 0..<2 {
                    for j in 0..<3 {
                        for l in 0..<4 {
                            let kept = [i, j, l].enumerated().filter { $0.offset != axis }.map(\.element)
                            let w = weights[kept[0] * reduced[1] + kept[1]]
                            total += Reverse(constant: w) * Reverse<Double>.apply(op, v[(i * 3 + j) * 4 + l])
                        }
                    }
                }
                return total
            }
            #expect(abs(value - scalar.value) < 1e-12 * max(1, abs(value)))
            #expect(close(g[0].scalars, scalar.gradient))
        }
    }
}

@Suite struct BatchedOperationTests {
    @Test func batchedTrianglesAreOneTrianglePerVector() throws {
        let packed = sample(2 * 3, seed: 91)
        let batch = try Tensor(shape: [2, 3], scalars: packed).strictlyLowerTriangular(size: 3)
        #expect(batch.shape == [2, 3, 3])
        let first = try Tensor(Array(packed[0..<3])).strictlyLowerTriangular(size: 3)
        let second = try Tensor(Array(packed[3..<6])).strictlyLowerTriangular(size: 3)
        #expect(batch.scalars == first.scalars + second.scalars)
        #expect(throws: TensorError.self) { try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]).strictlyLowerTriangular(size: 3) }
        // Pulled back: each packed entry receives the cotangent of its slot.
        let slotWeights = sample(18, seed: 92)
        let g = try tensorGradient(at: [Tensor(shape: [2, 3], scalars: packed)]) { p in
            try (p[0].strictlyLowerTriangular(size: 3) * Tensor(shape: [2, 3, 3], scalars: slotWeights)).sum()
        }
        let slots = [(1, 0), (2, 0), (2, 1)]
        let expected = (0..<2).flatMap { b in slots.map { slotWeights[b * 9 + $0.0 * 3 + $0.1] } }
        #expect(g[0].scalars == expected)
    }

    @Test func contiguousMaxPropagatesNaNAndFindsTheLargest() throws {
        let rows = try Tensor(rows: [[1, 7, 3, 2, 9, 4], [5, .nan, 1, 1, 1, 1], [-3, -1, -2, -8, -9, -4]])
        let m = try rows.max(alongAxis: 1).scalars
        #expect(m[0] == 9 && m[1].isNaN && m[2] == -1)
    }
}

@Suite struct ReverseSweepTests {
    /// One input feeding several operations (the sweep accumulates into buffers it owns), the
    /// logsumexp that keeps its exponentials, and a unary chain, against the scalar engine; the
    /// gradient is the same when computed again.
    @Test func sharedValuesAccumulateLikeTheScalarEngine() throws {
        let x = sample(12, seed: 101)
        func tensorRun() throws -> (Double, [Double]) {
            let (value, g) = try tensorValueWithGradient(at: [try Tensor(shape: [3, 4], scalars: x)]) { p in
                let e = try p[0].applying(.exp)
                return try p[0].logSumExp(alongAxis: 1).sum() + (p[0] * p[0]).sum() + (e - p[0]).applying(.sin).sum()
            }
            return (value, g[0].scalars)
        }
        let (value, g) = try tensorRun()
        let scalar = valueWithGradient(at: x) { v in
            var total: Reverse<Double> = 0
            for i in 0..<3 {
                let row = Array(v[(i * 4)..<(i * 4 + 4)])
                let top = row.dropFirst().reduce(row[0]) { max($0, $1) }
                total += log(row.map { exp($0 - top) }.reduce(0, +)) + top
            }
            for t in v { total += t * t + sin(exp(t) - t) }
            return total
        }
        #expect(abs(value - scalar.value) < 1e-12 * max(1, abs(value)))
        #expect(close(g, scalar.gradient))
        #expect(try tensorRun().1 == g)
    }
}

@Suite struct ConcatenationTests {
    @Test func joinsAlongTheLeadingAxisAndRejectsMismatchedRows() throws {
        let joined = try Tensor.concatenated([Tensor(rows: [[1, 2]]), Tensor(rows: [[3, 4], [5, 6]])])
        #expect(joined.shape == [3, 2])
        #expect(joined.scalars == [1, 2, 3, 4, 5, 6])
        #expect(throws: TensorError.self) { try Tensor.concatenated([Tensor(rows: [[1, 2]]), Tensor(rows: [[1, 2, 3]])]) }
        #expect(throws: TensorError.self) { try Tensor.concatenated([Tensor(1)]) }
    }

    /// [X −1]·[W; r] is X·W − r, value and gradient (the augmented product the gmm eval uses).
    @Test func augmentedProductIsTheShiftedProduct() throws {
        let (n, d, m) = (5, 3, 4)
        let x = sample(n * d, seed: 111), w = sample(d * m, seed: 112), r = sample(m, seed: 113), c = sample(n * m, seed: 114)
        var augmented = [Double](repeating: -1, count: n * (d + 1))
        for i in 0..<n { for j in 0..<d { augmented[i * (d + 1) + j] = x[i * d + j] } }
        let inputs = [try Tensor(shape: [d, m], scalars: w), try Tensor(shape: [1, m], scalars: r)]
        let weights = try Tensor(shape: [n, m], scalars: c)
        let (value, g) = try tensorValueWithGradient(at: inputs) { p in
            let y = try Tensor(shape: [n, d + 1], scalars: augmented).constant.matmul(TrackedTensor.concatenated([p[0], p[1]]))
            return try (y.applying(.sin) * weights).sum()
        }
        let (expected, h) = try tensorValueWithGradient(at: inputs) { p in
            let y = try Tensor(shape: [n, d], scalars: x).constant.matmul(p[0]) - p[1]
            return try (y.applying(.sin) * weights).sum()
        }
        #expect(abs(value - expected) < 1e-12)
        #expect(close(g[0].scalars + g[1].scalars, h[0].scalars + h[1].scalars))
    }
}
