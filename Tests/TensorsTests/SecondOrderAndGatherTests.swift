import Testing
import AutoDiff
import Rules
@testable import Tensors

@Suite struct GatherAndTransposedProductTests {
    @Test func gatheringRowsCopiesRowsAndRejectsBadIndices() throws {
        let x = try Tensor(rows: [[1, 2], [3, 4], [5, 6]])
        let gathered = try x.gatheringRows([2, 0, 2])
        #expect(gathered.shape == [3, 2])
        #expect(gathered.scalars == [5, 6, 1, 2, 5, 6])
        #expect(try Tensor(rows: [[1, 2, 3, 4, 5]]).gatheringRows([0, 0]).scalars == [1, 2, 3, 4, 5, 1, 2, 3, 4, 5])
        #expect(throws: TensorError.index(operation: "gatheringRows", index: 3, extent: 3)) { try x.gatheringRows([0, 3]) }
        #expect(throws: TensorError.index(operation: "gatheringRows", index: -1, extent: 3)) { try x.gatheringRows([-1]) }
    }

    @Test func gatherPullbackScatterAddsLikeTheScalarEngine() throws {
        // Rows of width 5 exercise both the four-at-a-time and the remainder loops.
        let (rows, width) = (3, 5)
        let c = sample(rows * width, seed: 41)
        let indices = [2, 0, 2, 2, 1, 0]
        let weights = sample(indices.count * width, seed: 42)
        let (value, g) = try tensorValueWithGradient(at: [Tensor(shape: [rows, width], scalars: c)]) { p in
            try (p[0].gatheringRows(indices) * (try Tensor(shape: [indices.count, width], scalars: weights))).sum()
        }
        let scalar = AutoDiff.valueWithGradient(at: c) { v in
            var total = Reverse<Double>(0)
            for (r, i) in indices.enumerated() {
                for e in 0..<width { total = total + v[i * width + e] * Reverse(constant: weights[r * width + e]) }
            }
            return total
        }
        #expect(close([value], [scalar.value]))
        #expect(close(g[0].scalars, scalar.gradient))
    }

    @Test func transposedMatvecAndItsPullbackAgreeWithTheScalarEngine() throws {
        let (m, n) = (4, 3)
        let a = sample(m * n, seed: 51), v = sample(m, seed: 52), w = sample(n, seed: 53)
        let (value, g) = try tensorValueWithGradient(at: [Tensor(shape: [m, n], scalars: a), Tensor(v)]) { p in
            let y = try p[0].transposedMatvec(p[1])                                 // Aᵀv, n entries
            return try (y * y * Tensor(w)).sum()
        }
        let scalar = AutoDiff.valueWithGradient(at: a + v) { x in
            var total = Reverse<Double>(0)
            for j in 0..<n {
                var y = Reverse<Double>(0)
                for i in 0..<m { y = y + x[i * n + j] * x[m * n + i] }
                total = total + y * y * Reverse(constant: w[j])
            }
            return total
        }
        #expect(close([value], [scalar.value]))
        #expect(close(g[0].scalars + g[1].scalars, scalar.gradient))
        // The constant-matrix form used by least squares.
        let constant = try Tensor(shape: [m, n], scalars: a).transposedMatvec(Tensor(v).constant)
        #expect(close(constant.value.scalars, try Tensor(shape: [m, n], scalars: a).transposed().matvec(Tensor(v)).scalars))
    }

    @Test func theProcessorCountIsRead() {
        #expect(activeCoreCount >= 1)
        #expect(chunkCount(count: 1 << 20, minimumChunk: 1) == activeCoreCount)
    }
}

@Suite struct TensorHessianVectorProductTests {
    /// The same function at tensor granularity and on scalars: unary and binary primitives (with
    /// broadcasting and x·x), a matrix–vector product with both operands tracked, a gather, sums.
    static let (rows, cols) = (3, 4)
    static let weights = sample(cols, seed: 61)
    static let picks = [1, 1, 0, 2]

    static func tensorF(_ p: [TrackedTensor]) throws -> TrackedTensor {
        let (a, x) = (p[0], p[1])                                                   // a: rows×cols, x: cols
        let product = try a.matvec(x)                                               // rows
        let smooth = try (a.applying(.sin) * a + Tensor(weights)).applying(.exp)   // rows×cols
        let ratio = try smooth / (x * x + Tensor(1.0))                              // broadcast rows
        let gathered = try a.gatheringRows(picks)                                   // 4×cols
        return try product.applying(.tanh).sum() + ratio.sum() + (gathered * gathered).sum() * Tensor(0.5)
    }

    static func scalarF<T: Scalar>(_ v: [T]) -> T {
        let a = Array(v[0..<(rows * cols)]), x = Array(v[(rows * cols)...])
        var total: T = 0
        for i in 0..<rows {
            var s: T = 0
            for j in 0..<cols { s = s + a[i * cols + j] * x[j] }
            total = total + tanh(s)
        }
        for i in 0..<rows {
            for j in 0..<cols {
                let e = exp(sin(a[i * cols + j]) * a[i * cols + j] + T(weights[j]))
                total = total + e / (x[j] * x[j] + 1)
            }
        }
        for i in picks { for j in 0..<cols { total = total + a[i * cols + j] * a[i * cols + j] * T(0.5) } }
        return total
    }

    /// A seeded point (a, x), a seeded direction (va, vx), and the tensor forward-over-reverse result there.
    static func sampled(seed: UInt64) throws
        -> (a: [Double], x: [Double], va: [Double], vx: [Double], value: Double, g: [Tensor], hv: [Tensor])
    {
        let a = sample(rows * cols, seed: seed), x = sample(cols, seed: seed + 1)
        let va = sample(rows * cols, seed: seed + 2), vx = sample(cols, seed: seed + 3)
        let (value, g, hv) = try tensorHessianVectorProduct(
            at: [Tensor(shape: [rows, cols], scalars: a), Tensor(x)],
            along: [Tensor(shape: [rows, cols], scalars: va), Tensor(vx)], of: tensorF)
        return (a, x, va, vx, value, g, hv)
    }

    @Test func agreesWithScalarForwardOverReverse() throws {
        let (a, x, va, vx, value, g, hv) = try Self.sampled(seed: 62)
        let scalarGradient = AutoDiff.valueWithGradient(at: a + x) { Self.scalarF($0) }
        let scalarHV = try hessianVectorProduct(at: a + x, along: va + vx) { Self.scalarF($0) }
        #expect(close([value], [scalarGradient.value], 1e-10))
        #expect(close(g[0].scalars + g[1].scalars, scalarGradient.gradient, 1e-10))
        #expect(close(hv[0].scalars + hv[1].scalars, scalarHV, 1e-10))
        // And with the first-order tensor engine.
        let first = try tensorGradient(at: [Tensor(shape: [Self.rows, Self.cols], scalars: a), Tensor(x)], of: Self.tensorF)
        #expect(close(g[0].scalars + g[1].scalars, first[0].scalars + first[1].scalars, 1e-12))
    }

    @Test func agreesWithFiniteDifferencesOfTheTensorGradient() throws {
        let (a, x, va, vx, _, _, hv) = try Self.sampled(seed: 71)
        let h = 1e-5
        func gradient(_ t: Double) throws -> [Double] {
            let g = try tensorGradient(at: [Tensor(shape: [Self.rows, Self.cols], scalars: zip(a, va).map { $0 + t * $1 }),
                                            Tensor(zip(x, vx).map { $0 + t * $1 })], of: Self.tensorF)
            return g[0].scalars + g[1].scalars
        }
        let (plus, minus) = (try gradient(h), try gradient(-h))
        let difference = zip(plus, minus).map { ($0 - $1) / (2 * h) }
        #expect(close(hv[0].scalars + hv[1].scalars, difference, 1e-6))
    }

    @Test func aDiagonalHessianAlongOnesIsItsDiagonal() throws {
        // f(w) = Σ wᵢ³: gradient 3wᵢ², Hessian diagonal 6wᵢ (the documented example).
        let (_, g, hv) = try tensorHessianVectorProduct(at: [Tensor([1, 2])], along: [Tensor([1, 1])]) { p in
            try (p[0] * p[0] * p[0]).sum()
        }
        #expect(g[0].scalars == [3, 12])
        #expect(hv[0].scalars == [6, 12])
        // A sum's cotangent (kept as one scalar) reaching an input directly and added to another
        // contribution: f(w) = Σ wᵢ + Σ wᵢ², gradient 1 + 2wᵢ, Hessian 2I.
        let (_, g2, hv2) = try tensorHessianVectorProduct(at: [Tensor([1, 2])], along: [Tensor([1, 3])]) { p in
            try p[0].sum() + (p[0] * p[0]).sum()
        }
        #expect(g2[0].scalars == [3, 5])
        #expect(hv2[0].scalars == [2, 6])
        let (_, g3, hv3) = try tensorHessianVectorProduct(at: [Tensor([1, 2])], along: [Tensor([1, 1])]) { try $0[0].sum() }
        #expect(g3[0].scalars == [1, 1] && hv3[0].scalars == [0, 0])
    }

    @Test func shiftIsLinearInTheSecondOrderSweepToo() throws {
        // f(x) = Σ shift(x, 1, fill 2)·x·x: against scalar forward-over-reverse.
        let x = sample(5, seed: 81), v = sample(5, seed: 82)
        let (_, g, hv) = try tensorHessianVectorProduct(at: [Tensor(x)], along: [Tensor(v)]) { p in
            try (p[0].shifted(by: 1, filling: 2) * p[0] * p[0]).sum()
        }
        func scalarF<T: Scalar>(_ w: [T]) -> T {
            var total: T = 0
            for i in w.indices { total = total + (i == 0 ? T(2) : w[i - 1]) * w[i] * w[i] }
            return total
        }
        #expect(close(g[0].scalars, AutoDiff.gradient(at: x) { scalarF($0) }, 1e-12))
        #expect(close(hv[0].scalars, try hessianVectorProduct(at: x, along: v) { scalarF($0) }, 1e-12))
    }

    @Test func refusesMismatchedDirectionsAndOperationsWithoutASecondOrderRule() throws {
        #expect(throws: TensorError.shapeMismatch(operation: "tensorHessianVectorProduct (direction)", left: [2], right: [3])) {
            try tensorHessianVectorProduct(at: [Tensor([1, 2])], along: [Tensor([1, 1, 1])]) { try $0[0].sum() }
        }
        #expect(throws: TensorError.notTwiceDifferentiable(operation: "max(alongAxis:)")) {
            try tensorHessianVectorProduct(at: [Tensor([1, 2])], along: [Tensor([1, 1])]) { p in
                try (p[0] * p[0]).max(alongAxis: 0).sum()
            }
        }
        // A constant result: zero gradient and zero product.
        let (_, g, hv) = try tensorHessianVectorProduct(at: [Tensor([1, 2])], along: [Tensor([1, 1])]) { _ in
            Tensor(3).constant
        }
        #expect(g[0].scalars == [0, 0] && hv[0].scalars == [0, 0])
    }
}
