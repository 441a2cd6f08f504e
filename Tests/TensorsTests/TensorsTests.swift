import Testing
import AutoDiff
@testable import Tensors

/// Deterministic pseudo-random values in [-2, 2).
func sample(_ count: Int, seed: UInt64) -> [Double] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) * 4 - 2
    }
}

/// One random case of the stencil and scan property tests: operands a, b and weights w of
/// `length` × `inner` scalars, seeded from the case (so a failure reproduces from its inputs), and
/// the seed for any further samples.
func propertyCase(length: Int, inner: Int, offset: Int)
    -> (count: Int, shape: [Int], a: [Double], b: [Double], w: [Double], nextSeed: UInt64)
{
    let count = length * inner
    let seed = UInt64(length * 100 + inner * 10 + offset + 50)
    return (count, [length, inner], sample(count, seed: seed), sample(count, seed: seed + 1), sample(count, seed: seed + 2), seed + 3)
}

/// Σ w ⊙ op(operands) and its gradient by tensor reverse mode (the operands' gradients concatenated).
func weightedSumGradient(_ operands: [Tensor], weights w: [Double],
                         _ op: ([TrackedTensor]) throws -> TrackedTensor) throws -> (Double, [Double]) {
    let (value, g) = try tensorValueWithGradient(at: operands) { p in
        try (op(p) * Tensor(unchecked: operands[0].shape, w)).sum()
    }
    return (value, g.flatMap(\.scalars))
}

/// Central differences of f at x, step 1e-6.
func finiteDifferences(_ x: [Double], _ f: ([Double]) -> Double) -> [Double] {
    x.indices.map { i in
        var up = x, down = x
        up[i] += 1e-6
        down[i] -= 1e-6
        return (f(up) - f(down)) / 2e-6
    }
}

func close(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($0), abs($1)) }
}

@Suite struct TensorValueTests {
    @Test func shapesAreChecked() throws {
        #expect(throws: TensorError.scalarCount(shape: [2, 2], count: 3)) { try Tensor(shape: [2, 2], scalars: [1, 2, 3]) }
        #expect(throws: TensorError.ragged(row: 1, expected: 2, actual: 1)) { try Tensor(rows: [[1, 2], [3]]) }
        #expect(throws: TensorError.self) { try Tensor([1, 2]) + Tensor([1, 2, 3]) }
        let x = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(x.element(at: [1, 2]) == 6)
        #expect(x.element(at: [2, 0]) == nil)
    }

    @Test func broadcastingFollowsNumPy() throws {
        let x = try Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(try (x * Tensor([10, 20, 30])).scalars == [10, 40, 90, 40, 100, 180])
        #expect(try (x + Tensor(1)).scalars == [2, 3, 4, 5, 6, 7])
        let column = try Tensor(shape: [2, 1], scalars: [100, 200])
        #expect(try (x + column).scalars == [101, 102, 103, 204, 205, 206])
        #expect(Broadcasting.shape([3, 1], [1, 4]) == [3, 4])
        #expect(Broadcasting.shape([2, 3], [2]) == nil)
        #expect(Broadcasting.reduce(try Tensor(rows: [[1, 2], [3, 4]]), to: [2]).scalars == [4, 6])
    }

    @Test func productsAndReductions() throws {
        let a = try Tensor(rows: [[1, 2], [3, 4], [5, 6]])
        #expect(try a.matvec(Tensor([1, -1])).scalars == [-1, -1, -1])
        #expect(try a.transposedMatvec(Tensor([1, 1, 1])).scalars == [9, 12])
        #expect(try a.transposed().shape == [2, 3])
        #expect(try a.transposed().scalars == [1, 3, 5, 2, 4, 6])
        #expect(try a.matmul(Tensor(rows: [[1, 0, 2], [0, 1, 3]])).scalars == [1, 2, 8, 3, 4, 18, 5, 6, 28])
        #expect(try a.sum(alongAxis: 0).scalars == [9, 12])
        #expect(try a.sum(alongAxis: 1).scalars == [3, 7, 11])
        #expect(try a.mean(alongAxis: 0).scalars == [3, 4])
        #expect(try a.max(alongAxis: 1).scalars == [2, 4, 6])
        #expect(a.sum().scalar == 21)
        #expect(a.mean().scalar == 3.5)
        #expect(throws: TensorError.axis(operation: "sum", axis: 2, rank: 2)) { try a.sum(alongAxis: 2) }
    }

    @Test func largeKernelsSplitAcrossCoresAgreeWithTheirDefinition() throws {
        let (m, n) = (5000, 33)
        let a = try Tensor(shape: [m, n], scalars: sample(m * n, seed: 1))
        let x = Tensor(sample(n, seed: 2)), v = Tensor(sample(m, seed: 3))
        let y = try a.matvec(x)
        let i = 4321
        #expect(abs(y.scalars[i] - (0..<n).reduce(0) { $0 + a.scalars[i * n + $1] * x.scalars[$1] }) < 1e-12)
        let t = try a.transposedMatvec(v)
        let viaTranspose = try a.transposed().matvec(v)
        #expect(close(t.scalars, viaTranspose.scalars, 1e-12))
    }
}

@Suite struct TensorReverseModeTests {
    @Test(arguments: Unary.samples)
    func unaryPrimitivesAgreeWithTheScalarEngine(op: Unary) throws {
        // Keep inputs inside every primitive's domain (log, sqrt, fractional powers need x > 0).
        let x = sample(12, seed: 7).map { abs($0) + 0.25 }
        let weights = sample(12, seed: 8)
        let (value, g) = try tensorValueWithGradient(at: [Tensor(x)]) { p in
            try (p[0].applying(op) * Tensor(weights)).sum()
        }
        let scalar = AutoDiff.valueWithGradient(at: x) { v in
            zip(v, weights).reduce(Reverse<Double>(0)) { $0 + Reverse.apply(op, $1.0) * Reverse(constant: $1.1) }
        }
        #expect(close([value], [scalar.value]))
        #expect(close(g[0].scalars, scalar.gradient))
    }

    @Test(arguments: Binary.allCases)
    func binaryPrimitivesWithBroadcastingAgreeWithTheScalarEngine(op: Binary) throws {
        let (rows, cols) = (3, 4)
        let a = sample(rows * cols, seed: 11).map { abs($0) + 0.5 }
        let b = sample(cols, seed: 12).map { abs($0) + 0.5 }
        let (value, g) = try tensorValueWithGradient(at: [Tensor(shape: [rows, cols], scalars: a), Tensor(b)]) { p in
            try TrackedTensor.applying(op, p[0], p[1]).sum()
        }
        let scalar = AutoDiff.valueWithGradient(at: a + b) { v in
            var total = Reverse<Double>(0)
            for i in 0..<rows { for j in 0..<cols { total = total + Reverse.apply(op, v[i * cols + j], v[rows * cols + j]) } }
            return total
        }
        #expect(close([value], [scalar.value]))
        #expect(close(g[0].scalars + g[1].scalars, scalar.gradient))
    }

    @Test func matrixProductsTransposeAndAxisReductionsAgreeWithTheScalarEngine() throws {
        let (m, k, n) = (3, 4, 2)
        let a = sample(m * k, seed: 21), b = sample(k * n, seed: 22), c = sample(n * m, seed: 23)
        let (value, g) = try tensorValueWithGradient(at: [Tensor(shape: [m, k], scalars: a), Tensor(shape: [k, n], scalars: b)]) { p in
            let product = try p[0].matmul(p[1])                                // m×n
            let weighted = try product * (try Tensor(shape: [n, m], scalars: c).transposed())
            let rowMax = try weighted.max(alongAxis: 1)                         // m
            let columnMean = try weighted.mean(alongAxis: 0)                    // n
            return try rowMax.sum() + columnMean.reshaped([n]).sum() + p[0].transposed().sum(alongAxis: 1).sum()
        }
        let scalar = AutoDiff.valueWithGradient(at: a + b) { v in
            var w = [[Reverse<Double>]](repeating: [], count: m)
            for i in 0..<m {
                for j in 0..<n {
                    var s = Reverse<Double>(0)
                    for p in 0..<k { s = s + v[i * k + p] * v[m * k + p * n + j] }
                    w[i].append(s * Reverse(constant: c[j * m + i]))
                }
            }
            var total = Reverse<Double>(0)
            for i in 0..<m { total = total + w[i].dropFirst().reduce(w[i][0]) { max($0, $1) } }
            for j in 0..<n { total = total + (0..<m).reduce(Reverse<Double>(0)) { $0 + w[$1][j] } * Reverse(constant: 1.0 / Double(m)) }
            for i in 0..<(m * k) { total = total + v[i] }
            return total
        }
        #expect(close([value], [scalar.value]))
        #expect(close(g[0].scalars + g[1].scalars, scalar.gradient))
    }

    @Test func matvecGradientIsTheArticlesLinearRegressionFormula() throws {
        // ∇w (1/N)Σ(w·xᵢ + b − yᵢ)² = (2/N) Σ rᵢ xᵢ and ∂b = (2/N) Σ rᵢ.
        let (rows, d) = (50, 3)
        let x = try Tensor(shape: [rows, d], scalars: sample(rows * d, seed: 31))
        let y = Tensor(sample(rows, seed: 32))
        let w = [0.5, -1, 2.0], b = 0.3
        let (loss, g) = try tensorValueWithGradient(at: [Tensor(w), Tensor(b)]) { p in
            let residual = try x.matvec(p[0]) + p[1] - y
            return try (residual * residual).mean()
        }
        let r = (0..<rows).map { i in (0..<d).reduce(b) { $0 + w[$1] * x.scalars[i * d + $1] } - y.scalars[i] }
        let n = Double(rows)
        #expect(close([loss], [r.reduce(0) { $0 + $1 * $1 } / n]))
        #expect(close(g[0].scalars, (0..<d).map { j in 2 / n * (0..<rows).reduce(0) { $0 + r[$1] * x.scalars[$1 * d + j] } }))
        #expect(close(g[1].scalars, [2 / n * r.reduce(0, +)]))
    }

    @Test func tiesInMaxFollowTheKinkPolicyLikeScalars() throws {
        let x = [1.0, 3, 3]
        let tensor = try tensorGradient(at: [Tensor(x)]) { p in try p[0].reshaped([1, 3]).max(alongAxis: 1).sum() }
        let scalar = AutoDiff.gradient(at: x) { v in max(max(v[0], v[1]), v[2]) }
        #expect(tensor[0].scalars == scalar)
        #expect(scalar == [0, 0.5, 0.5])
    }

    @Test func oneTapeEntryPerTensorOperation() throws {
        let tape = TensorTape()
        let x = tape.variable(try Tensor(repeating: 1, shape: [1000]))
        _ = try (x.applying(.exp) * x).sum()
        #expect(tape.count == 4)
    }

    @Test func constantsAndNonScalarResults() throws {
        let g = try tensorGradient(at: [Tensor([1, 2])]) { _ in Tensor(5).constant }
        #expect(g[0].scalars == [0, 0])
        #expect(throws: TensorError.self) { try tensorValueWithGradient(at: [Tensor([1, 2])]) { $0[0] } }
    }
}

@Suite struct ScalarBroadcastTests {
    /// x − c and c / x with c of shape [], [1] and [1, 1] against the scalar reverse engine.
    @Test func scalarOperandsBroadcastAndPullBackLikeTheScalarEngine() throws {
        let x = sample(6, seed: 31).map { $0 + 3 }
        for shape in [[], [1], [1, 1]] as [[Int]] {
            let c = try Tensor(shape: shape, scalars: [0.75])
            let (value, g) = try tensorValueWithGradient(at: [try Tensor(shape: [2, 3], scalars: x), c]) { p in
                try ((p[0] - p[1]) * TrackedTensor.applying(.divide, p[1], p[0])).sum()
            }
            let scalar = valueWithGradient(at: x + [0.75]) { v in
                (0..<6).map { (v[$0] - v[6]) * (v[6] / v[$0]) }.reduce(0, +)
            }
            #expect(abs(value - scalar.value) < 1e-12)
            #expect(close(g[0].scalars, Array(scalar.gradient[0..<6])))
            #expect(g[1].shape == shape && close(g[1].scalars, [scalar.gradient[6]]))
        }
        // A [1] operand against a rank-0 one broadcasts to [1], not to the scalar's rank.
        #expect(try (Tensor(shape: [1], scalars: [2]) + Tensor(3)).shape == [1])
        #expect(try (Tensor(3) + Tensor(shape: [1, 1], scalars: [2])).shape == [1, 1])
    }
}

@Suite struct StrictlyLowerTriangularTests {
    @Test func fillsColumnByColumnAndRejectsAWrongLength() throws {
        #expect(try Tensor([1, 2, 3]).strictlyLowerTriangular(size: 3).scalars == [0, 0, 0, 1, 0, 0, 2, 3, 0])
        #expect(try Tensor([Double]()).strictlyLowerTriangular(size: 1).scalars == [0])
        #expect(throws: TensorError.self) { try Tensor([1, 2]).strictlyLowerTriangular(size: 3) }
    }

    /// ‖x·Lᵀ‖² summed, for L from a packed vector, against the scalar reverse engine.
    @Test func pullbackGathersLikeTheScalarEngine() throws {
        let (d, n) = (4, 3)
        let packed = sample(d * (d - 1) / 2, seed: 51), x = sample(n * d, seed: 52)
        let (value, g) = try tensorValueWithGradient(at: [Tensor(packed)]) { p in
            let y = try Tensor(shape: [n, d], scalars: x).constant.matmul(p[0].strictlyLowerTriangular(size: d).transposed())
            return try (y * y).sum()
        }
        let scalar = valueWithGradient(at: packed) { l in
            var lower = [[Reverse<Double>]](repeating: [Reverse<Double>](repeating: 0, count: d), count: d)
            var index = 0
            for column in 0..<d { for row in (column + 1)..<d { lower[row][column] = l[index]; index += 1 } }
            var total: Reverse<Double> = 0
            for i in 0..<n {
                for row in 0..<d {
                    var y: Reverse<Double> = 0
                    for column in 0..<d { y += Reverse(constant: x[i * d + column]) * lower[row][column] }
                    total += y * y
                }
            }
            return total
        }
        #expect(abs(value - scalar.value) < 1e-12)
        #expect(close(g[0].scalars, scalar.gradient))
    }
}

@Suite struct LogSumExpTests {
    /// logsumexp along each axis of a 3×4 matrix, weighted and summed, against the scalar engine.
    @Test func valueAndPullbackAlongEachAxisMatchTheScalarEngine() throws {
        let x = sample(12, seed: 61).map { $0 * 30 }  // large enough that a naive exp would lose digits
        for axis in [0, 1] {
            let weights = sample(axis == 0 ? 4 : 3, seed: 62)
            let (value, g) = try tensorValueWithGradient(at: [try Tensor(shape: [3, 4], scalars: x)]) { p in
                try (p[0].logSumExp(alongAxis: axis) * Tensor(weights)).sum()
            }
            let scalar = valueWithGradient(at: x) { v in
                var total: Reverse<Double> = 0
                for (j, w) in weights.enumerated() {
                    let slice = axis == 0 ? (0..<3).map { v[$0 * 4 + j] } : (0..<4).map { v[j * 4 + $0] }
                    let top = slice.dropFirst().reduce(slice[0]) { max($0, $1) }
                    total += Reverse(constant: w) * (log(slice.map { exp($0 - top) }.reduce(0, +)) + top)
                }
                return total
            }
            #expect(abs(value - scalar.value) < 1e-12 * max(1, abs(value)))
            #expect(close(g[0].scalars, scalar.gradient))
        }
        #expect(abs(try Tensor([0, 0]).logSumExp(alongAxis: 0).scalars[0] - log(2)) < 1e-15)
    }
}

@Suite struct StackingTests {
    @Test func stacksAlongANewLeadingAxisAndRejectsUnequalShapes() throws {
        let s = try Tensor.stacked([Tensor([1, 2]), Tensor([3, 4]), Tensor([5, 6])])
        #expect(s.shape == [3, 2])
        #expect(s.scalars == [1, 2, 3, 4, 5, 6])
        #expect(throws: TensorError.self) { try Tensor.stacked([Tensor([1, 2]), Tensor([3])]) }
        #expect(throws: TensorError.self) { try Tensor.stacked([]) }
    }

    /// Σ w ∘ stack(a·b, exp c, constant) — each part gets its slice of the cotangent; the constant none.
    @Test func pullbackHandsEachPartItsSlice() throws {
        let (a, b, c) = (sample(3, seed: 71), sample(3, seed: 72), sample(3, seed: 73))
        let w = sample(9, seed: 74), constant = sample(3, seed: 75)
        let (value, g) = try tensorValueWithGradient(at: [Tensor(a), Tensor(b), Tensor(c)]) { p in
            let stacked = try TrackedTensor.stacked([p[0] * p[1], p[2].applying(.exp), Tensor(constant).constant])
            return try (stacked * Tensor(shape: [3, 3], scalars: w)).sum()
        }
        var expected = 0.0
        for i in 0..<3 { expected += w[i] * a[i] * b[i] + w[3 + i] * exp(c[i]) + w[6 + i] * constant[i] }
        #expect(abs(value - expected) < 1e-12)
        #expect(close(g[0].scalars, (0..<3).map { w[$0] * b[$0] }))
        #expect(close(g[1].scalars, (0..<3).map { w[$0] * a[$0] }))
        #expect(close(g[2].scalars, (0..<3).map { w[3 + $0] * exp(c[$0]) }))
    }
}
