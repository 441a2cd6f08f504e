import Testing
import PropertyBased
import AutoDiff
import Rules
@testable import Tensors

/// a₀ · (b shifted + c · d shifted): the shape of a Runge–Kutta stage, with free offsets and fills.
struct ShiftedStage: StencilKernel {
    let c: Double, offsetB: Int, fillB: Double, offsetD: Int, fillD: Double
    var reads: [StencilRead] {
        [StencilRead(operand: 0), StencilRead(operand: 1, offset: offsetB, fill: fillB), StencilRead(operand: 2, offset: offsetD, fill: fillD)]
    }
    func evaluate<T: Scalar>(_ r: StencilReads<T>) -> T { r[0] * (r[1] + T(c) * r[2]) }
}

/// A nonlinear body reading one operand twice (at two offsets) and another once: the per-read
/// passes (two reads add into one cotangent), and primitives other than products.
struct TwiceRead: StencilKernel {
    let offset: Int, fill: Double
    var reads: [StencilRead] {
        [StencilRead(operand: 0), StencilRead(operand: 0, offset: offset, fill: fill), StencilRead(operand: 1, offset: -1, fill: 0.5)]
    }
    func evaluate<T: Scalar>(_ r: StencilReads<T>) -> T { sin(r[0]) * exp(r[1] / 4) + tanh(r[2]) * r[0] + r[1] * r[2] }
}

/// The scalar value of element k's read j: the operand at k − offset·inner, or the fill.
private func readValue<T>(_ operands: [[T]], _ read: StencilRead, _ k: Int, count: Int, inner: Int, fill: (Double) -> T) -> T {
    let source = k - read.offset * inner
    return (0..<count).contains(source) ? operands[read.operand][source] : fill(read.fill)
}

/// Σₖ wₖ · stencil(k) on the scalar tape: the reference value and gradient (all operands concatenated).
private func scalarReference(_ kernel: some StencilKernel, _ operands: [[Double]], weights w: [Double], inner: Int)
    -> (value: Double, gradient: [Double]) {
    let count = operands[0].count
    return AutoDiff.valueWithGradient(at: operands.flatMap { $0 }) { v -> Reverse<Double> in
        let split = operands.indices.map { Array(v[($0 * count)..<(($0 + 1) * count)]) }
        var total = Reverse<Double>(0)
        for k in 0..<count {
            let reads = kernel.reads
            func r(_ j: Int) -> Reverse<Double> {
                j < reads.count ? readValue(split, reads[j], k, count: count, inner: inner) { Reverse(constant: $0) } : 0
            }
            total = total + kernel.evaluate(StencilReads(r(0), r(1), r(2), r(3))) * Reverse(constant: w[k])
        }
        return total
    }
}

/// The stencil's gradient of Σ w ⊙ stencil by tensor reverse mode (operands concatenated).
private func tensorStencilGradient(_ kernel: some StencilKernel, _ operands: [Tensor], weights w: [Double]) throws -> (Double, [Double]) {
    try weightedSumGradient(operands, weights: w) { try TrackedTensor.stencil(kernel, $0) }
}

@Suite struct StencilTests {
    @Test func oneTrackedTensorAsTwoOperandsGetsBothShares() throws {
        // x · (x shifted + c · b shifted): the shares of operands 0 and 1 both land in x's cotangent.
        let n = 12
        let (a, b, w) = (sample(n, seed: 23), sample(n, seed: 24), sample(n, seed: 25))
        let stage = ShiftedStage(c: 0.5, offsetB: 1, fillB: 1, offsetD: 2, fillD: 0)
        let (_, g) = try tensorValueWithGradient(at: [Tensor(a), Tensor(b)]) { p in
            try (TrackedTensor.stencil(stage, [p[0], p[0], p[1]]) * Tensor(w)).sum()
        }
        let reference = scalarReference(stage, [a, a, b], weights: w, inner: 1).gradient
        #expect(close(g[0].scalars, zip(reference[..<n], reference[n..<(2 * n)]).map(+)))
        #expect(close(g[1].scalars, Array(reference[(2 * n)...])))
    }

    @Test func valuesFollowTheReadsAndFills() throws {
        let x = Tensor([2, 3, 4]), y = Tensor([5, 6, 7]), k = Tensor([1, 1, 1])
        // x₀(1 + 0.5·0) = 2, x₁(5 + 0.5·1) = 16.5, x₂(6 + 0.5·1) = 26
        let stage = ShiftedStage(c: 0.5, offsetB: 1, fillB: 1, offsetD: 1, fillD: 0)
        #expect(try Tensor.stencil(stage, [x, y, k]).scalars == [2, 16.5, 26])
        // Reads ahead (offset −1) fill at the end.
        let ahead = ShiftedStage(c: 1, offsetB: -1, fillB: 10, offsetD: 0, fillD: 0)
        #expect(try Tensor.stencil(ahead, [x, y, k]).scalars == [14.0, 24, 44])   // 2(6 + 1), 3(7 + 1), 4(10 + 1)
    }

    @Test func valuesAreTheUnfusedTensorOperations() throws {
        let n = 9
        let (a, b, d) = (Tensor(sample(n, seed: 1)), Tensor(sample(n, seed: 2)), Tensor(sample(n, seed: 3)))
        let stage = ShiftedStage(c: 0.25, offsetB: 2, fillB: 1, offsetD: 1, fillD: -0.5)
        let unfused = try Tensor.applying(.multiply, a, Tensor.applying(.add, b.shifted(by: 2, filling: 1),
                                                                            Tensor.applying(.multiply, Tensor(0.25), d.shifted(by: 1, filling: -0.5))))
        #expect(try Tensor.stencil(stage, [a, b, d]) == unfused)
    }

    @Test func badOperandsThrow() {
        let stage = ShiftedStage(c: 1, offsetB: 1, fillB: 0, offsetD: 1, fillD: 0)
        #expect(throws: TensorError.self) { try Tensor.stencil(stage, [Tensor([1, 2]), Tensor([1, 2])]) }   // reads operand 2
        #expect(throws: TensorError.self) { try Tensor.stencil(stage, [Tensor([1, 2]), Tensor([1, 2]), Tensor([1, 2, 3])]) }
        #expect(throws: TensorError.self) { try Tensor.stencil(stage, [Tensor(1), Tensor(2), Tensor(3)]) }
        #expect(throws: TensorError.self) { try Tensor.stencil(stage, []) }
    }

    @Test func pullbackIsTheUnfusedTensorPathsAndTheScalarTapes() throws {
        // Long enough for an interior (the vectorized loop) and both edges.
        let n = 40
        let (a, b, d, w) = (sample(n, seed: 4), sample(n, seed: 5), sample(n, seed: 6), sample(n, seed: 7))
        let stage = ShiftedStage(c: 0.75, offsetB: 1, fillB: 1, offsetD: 3, fillD: 0.25)
        let (value, fused) = try tensorStencilGradient(stage, [Tensor(a), Tensor(b), Tensor(d)], weights: w)
        let (unfusedValue, unfused) = try tensorValueWithGradient(at: [Tensor(a), Tensor(b), Tensor(d)]) { p in
            let inner = try p[1].shifted(by: 1, filling: 1) + (p[2].shifted(by: 3, filling: 0.25) * Tensor(0.75))
            return try ((p[0] * inner) * Tensor(w)).sum()
        }
        let scalar = scalarReference(stage, [a, b, d], weights: w, inner: 1)
        #expect(close([value], [unfusedValue]) && close([value], [scalar.value]))
        #expect(close(fused, unfused.flatMap(\.scalars)))
        #expect(close(fused, scalar.gradient))
    }

    @Test func aConstantOperandGetsNothingAndTheOthersTheirShares() throws {
        let n = 12
        let (a, b, d, w) = (sample(n, seed: 8), sample(n, seed: 9), sample(n, seed: 10), sample(n, seed: 11))
        let stage = ShiftedStage(c: 2, offsetB: 1, fillB: 0, offsetD: 0, fillD: 0)
        let (_, g) = try tensorValueWithGradient(at: [Tensor(a), Tensor(d)]) { p in
            try (TrackedTensor.stencil(stage, [p[0], Tensor(b).constant, p[1]]) * Tensor(w)).sum()
        }
        let scalar = scalarReference(stage, [a, b, d], weights: w, inner: 1).gradient
        #expect(close(g[0].scalars, Array(scalar[0..<n])) && close(g[1].scalars, Array(scalar[(2 * n)...])))
    }

    @Test func propertyPullbackMatchesTheScalarTapeAndFiniteDifferences() async throws {
        // Random lengths (down to shorter than the shifts: no interior), inner sizes, offsets and fills.
        await propertyCheck(count: 40, input: Gen.int(in: 1...9), Gen.int(in: 1...3), Gen.int(in: -4...4), Gen.double(in: -2...2)) {
            length, inner, offset, fill in
            let (count, shape, a, b, w, nextSeed) = propertyCase(length: length, inner: inner, offset: offset)
            for kernel in [TwiceRead(offset: offset, fill: fill)] {
                let operands = try [Tensor(shape: shape, scalars: a), Tensor(shape: shape, scalars: b)]
                let (value, g) = try tensorStencilGradient(kernel, operands, weights: w)
                let scalar = scalarReference(kernel, [a, b], weights: w, inner: inner)
                #expect(close([value], [scalar.value]))
                #expect(close(g, scalar.gradient))
                let differences = finiteDifferences(a + b) { v in
                    let split = [Array(v[..<count]), Array(v[count...])]
                    return (try? Tensor.stencil(kernel, split.map { try Tensor(shape: shape, scalars: $0) }))
                        .map { zip($0.scalars, w).map(*).reduce(0, +) } ?? .nan
                }
                #expect(close(g, differences, 1e-6))
            }
            let stage = ShiftedStage(c: fill, offsetB: offset, fillB: fill, offsetD: 1 - offset, fillD: 1)
            let d = sample(count, seed: nextSeed)
            let operands = try [a, b, d].map { try Tensor(shape: shape, scalars: $0) }
            let (_, g) = try tensorStencilGradient(stage, operands, weights: w)
            #expect(close(g, scalarReference(stage, [a, b, d], weights: w, inner: inner).gradient))
        }
    }

    @Test func twoAndThreeOperandFormsAreTheArrayForm() throws {
        let n = 9
        let (a, b, d, w) = (sample(n, seed: 20), sample(n, seed: 21), sample(n, seed: 22), sample(n, seed: 23))
        let stage = ShiftedStage(c: 0.5, offsetB: 1, fillB: 1, offsetD: 1, fillD: 0)
        let twice = TwiceRead(offset: 2, fill: -1)
        func gradient(_ f: ([TrackedTensor]) throws -> TrackedTensor) throws -> [Double] {
            try tensorValueWithGradient(at: [Tensor(a), Tensor(b), Tensor(d)]) { p in try (f(p) * Tensor(w)).sum() }.gradient.flatMap(\.scalars)
        }
        let three = try gradient { p in try TrackedTensor.stencil(stage, p[0], p[1], p[2]) }
        let threeFromArray = try gradient { p in try TrackedTensor.stencil(stage, p) }
        #expect(three == threeFromArray)
        #expect(close(three, scalarReference(stage, [a, b, d], weights: w, inner: 1).gradient))
        let two = try gradient { p in try TrackedTensor.stencil(twice, p[0], p[1]) }
        let twoFromArray = try gradient { p in try TrackedTensor.stencil(twice, [p[0], p[1]]) }
        #expect(two == twoFromArray)
        #expect(close(Array(two[..<(2 * n)]), scalarReference(twice, [a, b], weights: w, inner: 1).gradient))
        #expect(two[(2 * n)...].allSatisfy { $0 == 0 })
        // All constants: a constant result, the same values as `Tensor.stencil`.
        let constant = try TrackedTensor.stencil(stage, Tensor(a).constant, Tensor(b).constant, Tensor(d).constant)
        let plain = try Tensor.stencil(stage, [Tensor(a), Tensor(b), Tensor(d)])
        #expect(constant.id == nil && constant.value == plain)
        // Operands of two different tapes are refused.
        let (first, second) = (TensorTape(), TensorTape())
        #expect(throws: TensorError.self) {
            try TrackedTensor.stencil(stage, first.variable(Tensor(a)), second.variable(Tensor(b)), Tensor(d).constant)
        }
    }

    @Test func recordsOfOneKernelAreEqualOperations() {
        let one = AnyStencilKernel(base: ShiftedStage(c: 1, offsetB: 1, fillB: 0, offsetD: 1, fillD: 0))
        #expect(one == AnyStencilKernel(base: ShiftedStage(c: 1, offsetB: 1, fillB: 0, offsetD: 1, fillD: 0)))
        #expect(one != AnyStencilKernel(base: ShiftedStage(c: 2, offsetB: 1, fillB: 0, offsetD: 1, fillD: 0)))
        #expect(one != AnyStencilKernel(base: TwiceRead(offset: 1, fill: 0)))
    }
}

