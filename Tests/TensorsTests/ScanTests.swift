import Testing
import PropertyBased
import AutoDiff
import Rules
@testable import Tensors

/// yᵢ = a·yᵢ₋₁ + xᵢ (y₋₁ = `start`): the simplest scan, one read and one carried value.
struct Filter: ScanKernel {
    let a: Double, start: Double
    var reads: [StencilRead] { [StencilRead(operand: 0)] }
    static var carryCount: Int { 1 }
    var initialCarry: ScanCarry<Double> { ScanCarry(start) }
    func evaluate<T: Scalar>(_ r: StencilReads<T>, carry: inout ScanCarry<T>) -> T {
        carry[0] = T(a) * carry[0] + r[0]
        return carry[0]
    }
}

/// Four carried values that feed each other in a cycle (a true recurrence), four reads of two
/// operands (one of them ahead), nonlinear primitives, and a value that also reads what was received.
struct Coupled: ScanKernel {
    let offset: Int, fill: Double
    var reads: [StencilRead] {
        [StencilRead(operand: 0), StencilRead(operand: 1, offset: offset, fill: fill), StencilRead(operand: 0, offset: -1, fill: 0.5),
         StencilRead(operand: 1)]
    }
    static var carryCount: Int { 4 }
    var initialCarry: ScanCarry<Double> { ScanCarry(0.25, -0.5, 1, 0) }
    func evaluate<T: Scalar>(_ r: StencilReads<T>, carry: inout ScanCarry<T>) -> T {
        let received = carry
        carry[0] = tanh(received[1]) * r[0] + sin(r[1])
        carry[1] = received[0] * exp(r[2] / 4) + T(0.1) * r[3]
        carry[2] = received[2] * T(0.5) + received[3] * r[0]
        carry[3] = r[1]
        return carry[0] * received[1] + r[1] * r[3] + carry[2] * received[3]
    }
}

/// Three stages, each reading the previous stage one place back through a carried value, and an
/// update: the shape of a Runge–Kutta step (3 carried values in a chain, no cycle).
struct Staged: ScanKernel {
    let c: Double
    var reads: [StencilRead] { [StencilRead(operand: 0), StencilRead(operand: 1, offset: 1, fill: 1), StencilRead(operand: 1)] }
    static var carryCount: Int { 3 }
    var initialCarry: ScanCarry<Double> { ScanCarry(0, 0, 0) }
    func evaluate<T: Scalar>(_ r: StencilReads<T>, carry: inout ScanCarry<T>) -> T {
        let k1 = r[0] * r[1]
        let k2 = r[0] * (r[1] + T(c) * carry[0])
        let k3 = r[0] * (r[1] + T(c) * carry[1])
        let k4 = r[0] * (r[1] + T(c) * carry[2])
        carry = ScanCarry(k1, k2, k3)
        return r[2] + T(c) * (k1 + k2 + k3 + k4)
    }
}

/// The scan by its definition, element by element on any scalar type (also the iterated scan's
/// reference): each position of a slice is a recurrence along the leading axis, reads outside
/// their operand take the fill.
func definition<T: Scalar>(_ kernel: some ScanKernel, _ operands: [[T]], length: Int) -> [T] {
    let count = operands[0].count, inner = count / length, reads = kernel.reads
    var out = [T](repeating: 0, count: count)
    for lane in 0..<inner {
        let start = kernel.initialCarry
        var carry = ScanCarry<T>(T(start[0]), T(start[1]), T(start[2]), T(start[3]))
        for i in 0..<length {
            let k = i * inner + lane
            func read(_ j: Int) -> T {
                guard j < reads.count else { return 0 }
                let source = k - reads[j].offset * inner
                return (0..<count).contains(source) ? operands[reads[j].operand][source] : T(reads[j].fill)
            }
            out[k] = kernel.evaluate(StencilReads(read(0), read(1), read(2), read(3)), carry: &carry)
        }
    }
    return out
}

/// Σₖ wₖ · scan(k) and its gradient (operands concatenated) on the scalar tape, by the definition.
private func scalarReference(_ kernel: some ScanKernel, _ operands: [[Double]], length: Int, weights w: [Double])
    -> (value: Double, gradient: [Double]) {
    let count = operands[0].count
    return AutoDiff.valueWithGradient(at: operands.flatMap { $0 }) { v -> Reverse<Double> in
        let split = operands.indices.map { Array(v[($0 * count)..<(($0 + 1) * count)]) }
        return zip(definition(kernel, split, length: length), w).reduce(Reverse<Double>(0)) { $0 + $1.0 * Reverse(constant: $1.1) }
    }
}

/// The same by tensor reverse mode (one scan entry on the tape).
private func tensorScanGradient(_ kernel: some ScanKernel, _ operands: [Tensor], weights w: [Double]) throws -> (Double, [Double]) {
    try weightedSumGradient(operands, weights: w) { try TrackedTensor.scan(kernel, $0) }
}


@Suite struct ScanTests {
    @Test func aFilterIsTheRecurrence() throws {
        // y = [1, 0.5·1 + 2, 0.5·2.5 + 3] from y₋₁ = 0.
        #expect(try Tensor.scan(Filter(a: 0.5, start: 0), [Tensor([1, 2, 3])]).scalars == [1, 2.5, 4.25])
        // A matrix: each column is its own recurrence, from the start value.
        let m = try Tensor(shape: [3, 2], scalars: [1, 10, 2, 20, 3, 30])
        #expect(try Tensor.scan(Filter(a: 1, start: 100), [m]).scalars == [101, 110, 103, 130, 106, 160])
    }

    @Test(arguments: [1, 5, 255, 256, 257, 700, 2100])
    func valuesAreTheDefinitionToTheLastBit(length: Int) throws {
        // Lengths around the chunk size: the two-pass chunks, their joins and the edges; 2100
        // keeps only the chunks' first states when recording (more than 2¹³ carried scalars).
        let (a, b) = (sample(length, seed: 1), sample(length, seed: 2))
        for kernel in [Coupled(offset: 2, fill: -1)] as [Coupled] {
            #expect(try Tensor.scan(kernel, [Tensor(a), Tensor(b)]).scalars == definition(kernel, [a, b], length: length))
        }
        let staged = Staged(c: 0.125)
        #expect(try Tensor.scan(staged, [Tensor(a), Tensor(b)]).scalars == definition(staged, [a, b], length: length))
        // Recording (the states kept for the pullback) gives the same values.
        let tape = TensorTape()
        let recorded = try TrackedTensor.scan(staged, [tape.variable(Tensor(a)), tape.variable(Tensor(b))])
        #expect(recorded.value.scalars == definition(staged, [a, b], length: length))
    }

    @Test(arguments: [3, 40, 300, 600, 2100])
    func pullbackIsTheScalarTapeOfTheDefinition(length: Int) throws {
        // 2100: the pullback reruns each chunk's carried values from its first element's.
        let (a, b, w) = (sample(length, seed: 3), sample(length, seed: 4), sample(length, seed: 5))
        for kernel in [Coupled(offset: 1, fill: 0.75), Coupled(offset: 3, fill: -2)] {
            let (value, g) = try tensorScanGradient(kernel, [Tensor(a), Tensor(b)], weights: w)
            let reference = scalarReference(kernel, [a, b], length: length, weights: w)
            #expect(close([value], [reference.value]))
            #expect(close(g, reference.gradient))
        }
        let staged = Staged(c: 0.3)
        let (_, g) = try tensorScanGradient(staged, [Tensor(a), Tensor(b)], weights: w)
        #expect(close(g, scalarReference(staged, [a, b], length: length, weights: w).gradient))
        let (_, filter) = try tensorScanGradient(Filter(a: 0.9, start: 2), [Tensor(a)], weights: w)
        #expect(close(filter, scalarReference(Filter(a: 0.9, start: 2), [a], length: length, weights: w).gradient))
    }

    @Test func propertyPullbackMatchesTheScalarTapeAndFiniteDifferences() async throws {
        // Random lengths (down to shorter than the offsets: no interior), slices, offsets and fills.
        await propertyCheck(count: 40, input: Gen.int(in: 1...9), Gen.int(in: 1...3), Gen.int(in: -3...4), Gen.double(in: -2...2)) {
            length, inner, offset, fill in
            let (count, shape, a, b, w, _) = propertyCase(length: length, inner: inner, offset: offset)
            let kernel = Coupled(offset: offset, fill: fill)
            let operands = try [Tensor(shape: shape, scalars: a), Tensor(shape: shape, scalars: b)]
            #expect(try Tensor.scan(kernel, operands).scalars == definition(kernel, [a, b], length: length))
            let (value, g) = try tensorScanGradient(kernel, operands, weights: w)
            let reference = scalarReference(kernel, [a, b], length: length, weights: w)
            #expect(close([value], [reference.value]))
            #expect(close(g, reference.gradient))
            let numeric = finiteDifferences(a + b) { v in
                zip(definition(kernel, [Array(v[..<count]), Array(v[count...])], length: length), w).map(*).reduce(0, +)
            }
            #expect(close(g, numeric, 1e-6))
        }
    }

    @Test func unfusedScalarOperationsGiveTheSameGradient() throws {
        // The filter as one tape entry per element (the unfused form): the same gradient.
        let n = 30
        let (x, w) = (sample(n, seed: 6), sample(n, seed: 7))
        let (_, fused) = try tensorScanGradient(Filter(a: -0.7, start: 0.5), [Tensor(x)], weights: w)
        let unfused = AutoDiff.gradient(at: x) { v -> Reverse<Double> in
            var y = Reverse<Double>(0.5), total = Reverse<Double>(0)
            for i in 0..<n {
                y = -0.7 * y + v[i]
                total = total + y * Reverse(constant: w[i])
            }
            return total
        }
        #expect(close(fused, unfused))
    }

    @Test func aConstantOperandGetsNothingAndTheOtherItsShare() throws {
        let n = 20
        let (a, b, w) = (sample(n, seed: 8), sample(n, seed: 9), sample(n, seed: 10))
        let kernel = Coupled(offset: 1, fill: 0)
        let (_, g) = try tensorValueWithGradient(at: [Tensor(a)]) { p in
            try (TrackedTensor.scan(kernel, [p[0], Tensor(b).constant]) * Tensor(w)).sum()
        }
        #expect(close(g[0].scalars, Array(scalarReference(kernel, [a, b], length: n, weights: w).gradient[..<n])))
        // All constants: a constant result with the values of `Tensor.scan`.
        let constant = try TrackedTensor.scan(kernel, [Tensor(a).constant, Tensor(b).constant])
        let plain = try Tensor.scan(kernel, [Tensor(a), Tensor(b)])
        #expect(constant.id == nil && constant.value == plain)
        // Operands of two different tapes are refused.
        #expect(throws: TensorError.self) {
            try TrackedTensor.scan(kernel, [TensorTape().variable(Tensor(a)), TensorTape().variable(Tensor(b))])
        }
    }

    @Test func oneTrackedTensorAsTwoOperandsGetsBothShares() throws {
        // The second operand's share used to replace the first's in the shared slot.
        let n = 10
        let (a, w) = (sample(n, seed: 21), sample(n, seed: 22))
        let kernel = Coupled(offset: 1, fill: 0)
        let (_, g) = try tensorValueWithGradient(at: [Tensor(a)]) { p in
            try (TrackedTensor.scan(kernel, [p[0], p[0]]) * Tensor(w)).sum()
        }
        let reference = AutoDiff.gradient(at: a) { v -> Reverse<Double> in
            zip(definition(kernel, [v, v], length: n), w).reduce(Reverse<Double>(0)) { $0 + $1.0 * Reverse(constant: $1.1) }
        }
        #expect(close(g[0].scalars, reference))
    }

    @Test func badOperandsAndKernelsThrow() {
        let kernel = Coupled(offset: 1, fill: 0)
        #expect(throws: TensorError.self) { try Tensor.scan(kernel, [Tensor([1, 2])]) }   // reads operand 1
        #expect(throws: TensorError.self) { try Tensor.scan(kernel, [Tensor([1, 2]), Tensor([1, 2, 3])]) }
        #expect(throws: TensorError.self) { try Tensor.scan(kernel, [Tensor(1), Tensor(2)]) }
        #expect(throws: TensorError.self) { try Tensor.scan(kernel, []) }
        #expect(throws: TensorError.self) { try Tensor.scan(NoCarry(), [Tensor([1, 2])]) }
        #expect(throws: TensorError.self) { try Tensor.scan(TooManyCarried(), [Tensor([1, 2])]) }
    }

    @Test func recordsOfOneKernelAreEqualOperationsAndHaveNoSecondOrderRule() throws {
        let one = AnyScanKernel(base: Filter(a: 1, start: 0))
        #expect(one == AnyScanKernel(base: Filter(a: 1, start: 0)))
        #expect(one != AnyScanKernel(base: Filter(a: 2, start: 0)))
        #expect(one != AnyScanKernel(base: Staged(c: 1)))
        #expect(one.description == "scan(Filter)")
        #expect(throws: TensorError.notTwiceDifferentiable(operation: "scan(Filter)")) {
            try tensorHessianVectorProduct(at: [Tensor([1, 2])], along: [Tensor([1, 1])]) { p in
                try TrackedTensor.scan(Filter(a: 1, start: 0), [p[0]]).applying(.powInt(2)).sum()
            }
        }
    }
}

/// A kernel that carries nothing (refused: use a stencil).
struct NoCarry: ScanKernel {
    var reads: [StencilRead] { [StencilRead(operand: 0)] }
    static var carryCount: Int { 0 }
    var initialCarry: ScanCarry<Double> { ScanCarry(0) }
    func evaluate<T: Scalar>(_ r: StencilReads<T>, carry: inout ScanCarry<T>) -> T { r[0] }
}

/// A kernel that claims more carried values than there are slots (refused).
struct TooManyCarried: ScanKernel {
    var reads: [StencilRead] { [StencilRead(operand: 0)] }
    static var carryCount: Int { 5 }
    var initialCarry: ScanCarry<Double> { ScanCarry(0) }
    func evaluate<T: Scalar>(_ r: StencilReads<T>, carry: inout ScanCarry<T>) -> T { r[0] }
}

@Suite struct StructuralDualTests {
    /// A body with every kind of term: products, quotients, primitives, constants.
    static func f<T: Scalar>(_ a: T, _ b: T) -> T { sin(a) * b / (T(2) + exp(b)) + T(3) * a - sqrt(a * a + 1) }

    @Test func tangentsAreDualsAndConstantsStayStructuralZeros() async {
        await propertyCheck(input: Gen.double(in: -3...3), Gen.double(in: -3...3)) { a, b in
            let alongA = Self.f(StructuralDual(a, tangent: 1), StructuralDual(b))
            let alongB = Self.f(StructuralDual(a), StructuralDual(b, tangent: 1))
            #expect(close([alongA.value], [Self.f(a, b)], 0))
            #expect(close([alongA.tangent], [Self.f(Dual(a, tangent: 1), Dual(b, tangent: 0)).tangent], 1e-15))
            #expect(close([alongB.tangent], [Self.f(Dual(a, tangent: 0), Dual(b, tangent: 1)).tangent], 1e-15))
            #expect(!alongA.isZero && !alongB.isZero)
            let constant = Self.f(StructuralDual(a), StructuralDual(b))
            #expect(constant.isZero && constant.tangent == 0 && constant.value == Self.f(a, b))
        }
    }
}
