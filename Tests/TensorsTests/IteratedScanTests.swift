import Testing
import PropertyBased
import AutoDiff
import Rules
@testable import Tensors

/// The iterated scan by its definition on any scalar type: the scan's definition applied `times`
/// times, each result the next state (the last operand).
private func iteratedDefinition<T: Scalar>(_ kernel: some ScanKernel, _ operands: [[T]], length: Int, times: Int) -> [T] {
    var step = operands
    for _ in 0..<times { step[step.count - 1] = definition(kernel, step, length: length) }
    return step[step.count - 1]
}

/// Σₖ wₖ · y_times(k) and its gradient (operands concatenated) on the scalar tape, by the definition.
private func iteratedReference(_ kernel: some ScanKernel, _ operands: [[Double]], length: Int, times: Int, weights w: [Double])
    -> (value: Double, gradient: [Double]) {
    let count = operands[0].count
    return AutoDiff.valueWithGradient(at: operands.flatMap { $0 }) { v -> Reverse<Double> in
        let split = operands.indices.map { Array(v[($0 * count)..<(($0 + 1) * count)]) }
        let y = iteratedDefinition(kernel, split, length: length, times: times)
        return zip(y, w).reduce(Reverse<Double>(0)) { $0 + $1.0 * Reverse(constant: $1.1) }
    }
}

/// The same gradient by tensor reverse mode, the steps as one iterated scan (one tape entry).
private func iteratedGradient(_ kernel: some ScanKernel, _ operands: [Tensor], times: Int, weights w: [Double]) throws -> (Double, [Double]) {
    try weightedSumGradient(operands, weights: w) { try TrackedTensor.iteratedScan(kernel, $0, times: times) }
}

/// The same gradient by tensor reverse mode, each step its own scan entry on the tape.
private func stepwiseGradient(_ kernel: some ScanKernel, _ operands: [Tensor], times: Int, weights w: [Double]) throws -> (Double, [Double]) {
    try weightedSumGradient(operands, weights: w) { p in
        var step = p
        for _ in 0..<times { step[step.count - 1] = try TrackedTensor.scan(kernel, step) }
        return step[step.count - 1]
    }
}

@Suite struct IteratedScanTests {
    @Test func aFilterIteratedIsTheRecurrenceAppliedAgain() throws {
        // Filter(a: 0.5) on [1, 2, 3] gives [1, 2.5, 4.25]; on that, [1, 3, 5.75].
        #expect(try Tensor.iteratedScan(Filter(a: 0.5, start: 0), [Tensor([1, 2, 3])], times: 2).scalars == [1, 3, 5.75])
        #expect(try Tensor.iteratedScan(Filter(a: 0.5, start: 0), [Tensor([1, 2, 3])], times: 1).scalars == [1, 2.5, 4.25])
    }

    @Test(arguments: [(1, 1), (5, 3), (257, 2), (700, 4), (3000, 3)])
    func valuesAreTheStepsToTheLastBit(length: Int, times: Int) throws {
        // Around the chunk size; 3000 keeps only the chunks' first states when recording.
        let (a, b) = (sample(length, seed: 11), sample(length, seed: 12))
        let staged = Staged(c: 0.125), coupled = Coupled(offset: 2, fill: -1)
        let stagedSteps = iteratedDefinition(staged, [a, b], length: length, times: times)
        #expect(try Tensor.iteratedScan(staged, [Tensor(a), Tensor(b)], times: times).scalars == stagedSteps)
        #expect(try Tensor.iteratedScan(coupled, [Tensor(a), Tensor(b)], times: times).scalars
            == iteratedDefinition(coupled, [a, b], length: length, times: times))
        // Recording (states and records kept) gives the same values.
        let tape = TensorTape()
        let recorded = try TrackedTensor.iteratedScan(staged, [tape.variable(Tensor(a)), tape.variable(Tensor(b))], times: times)
        #expect(recorded.value.scalars == stagedSteps)
        #expect(tape.count == 3)
    }

    @Test(arguments: [(3, 2), (40, 5), (300, 3), (3000, 2)])
    func pullbackIsTheScalarTapeAndTheStepwiseTape(length: Int, times: Int) throws {
        // 3000: each step's pullback reruns its chunks from their first states.
        let (a, b, w) = (sample(length, seed: 13), sample(length, seed: 14), sample(length, seed: 15))
        for kernel in [Coupled(offset: 1, fill: 0.75), Coupled(offset: 3, fill: -2)] {
            let operands = [Tensor(a), Tensor(b)]
            let (value, g) = try iteratedGradient(kernel, operands, times: times, weights: w)
            let reference = iteratedReference(kernel, [a, b], length: length, times: times, weights: w)
            #expect(close([value], [reference.value], 1e-10))
            #expect(close(g, reference.gradient, 1e-10))
            // The same pullbacks in the same order as one scan entry per step: the same numbers.
            #expect(try g == stepwiseGradient(kernel, operands, times: times, weights: w).1)
        }
        let staged = Staged(c: 0.3)
        let (_, g) = try iteratedGradient(staged, [Tensor(a), Tensor(b)], times: times, weights: w)
        #expect(close(g, iteratedReference(staged, [a, b], length: length, times: times, weights: w).gradient))
        let (_, filter) = try iteratedGradient(Filter(a: 0.9, start: 2), [Tensor(a)], times: times, weights: w)
        #expect(close(filter, iteratedReference(Filter(a: 0.9, start: 2), [a], length: length, times: times, weights: w).gradient))
    }

    @Test func propertyPullbackMatchesTheScalarTapeAndFiniteDifferences() async throws {
        // Random lengths (down to shorter than the offsets), slices, offsets and step counts.
        await propertyCheck(count: 30, input: Gen.int(in: 1...9), Gen.int(in: 1...3), Gen.int(in: -3...4), Gen.int(in: 1...4)) {
            length, inner, offset, times in
            let (count, shape, wide, wideB, w, _) = propertyCase(length: length, inner: inner, offset: offset)
            // In [-0.5, 0.5): iterating the coupled kernel on [-2, 2) reaches 1e10, beyond central differences.
            let (a, b) = (wide.map { $0 / 4 }, wideB.map { $0 / 4 })
            let kernel = Coupled(offset: offset, fill: 0.5)
            let operands = try [Tensor(shape: shape, scalars: a), Tensor(shape: shape, scalars: b)]
            #expect(try Tensor.iteratedScan(kernel, operands, times: times).scalars
                == iteratedDefinition(kernel, [a, b], length: length, times: times))
            let (value, g) = try iteratedGradient(kernel, operands, times: times, weights: w)
            let reference = iteratedReference(kernel, [a, b], length: length, times: times, weights: w)
            #expect(close([value], [reference.value], 1e-10))
            #expect(close(g, reference.gradient, 1e-10))
            let numeric = finiteDifferences(a + b) { v in
                zip(iteratedDefinition(kernel, [Array(v[..<count]), Array(v[count...])], length: length, times: times), w)
                    .map(*).reduce(0, +)
            }
            // Central differences lose about 1e-16 · |f| / 1e-6 to rounding: the tolerance grows with the largest entry.
            let scale = g.map(abs).max() ?? 0
            #expect(zip(g, numeric).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($0)) + 1e-8 * scale })
        }
    }

    @Test func constantOperandsAndASharedOperand() throws {
        let n = 25, times = 3
        let (a, b, w) = (sample(n, seed: 16), sample(n, seed: 17), sample(n, seed: 18))
        let kernel = Coupled(offset: 1, fill: 0)
        let reference = iteratedReference(kernel, [a, b], length: n, times: times, weights: w).gradient
        // A constant state: the other operand gets its share.
        let (_, onlyA) = try tensorValueWithGradient(at: [Tensor(a)]) { p in
            try (TrackedTensor.iteratedScan(kernel, [p[0], Tensor(b).constant], times: times) * Tensor(w)).sum()
        }
        #expect(close(onlyA[0].scalars, Array(reference[..<n])))
        // A constant other operand: the initial state gets its share.
        let (_, onlyB) = try tensorValueWithGradient(at: [Tensor(b)]) { p in
            try (TrackedTensor.iteratedScan(kernel, [Tensor(a).constant, p[0]], times: times) * Tensor(w)).sum()
        }
        #expect(close(onlyB[0].scalars, Array(reference[n...])))
        // One tracked tensor as both operands: both shares add up.
        let (_, both) = try tensorValueWithGradient(at: [Tensor(a)]) { p in
            try (TrackedTensor.iteratedScan(kernel, [p[0], p[0]], times: times) * Tensor(w)).sum()
        }
        let shared = AutoDiff.gradient(at: a) { v -> Reverse<Double> in
            zip(iteratedDefinition(kernel, [v, v], length: n, times: times), w).reduce(Reverse<Double>(0)) { $0 + $1.0 * Reverse(constant: $1.1) }
        }
        #expect(close(both[0].scalars, shared))
        // A kernel that does not read its state: every step is the same scan of `a`, so only the
        // last step's pullback counts and the initial state gets zero.
        let (_, unread) = try tensorValueWithGradient(at: [Tensor(a), Tensor(b)]) { p in
            try (TrackedTensor.iteratedScan(Filter(a: 0.5, start: 0), [p[0], p[1]], times: times) * Tensor(w)).sum()
        }
        let (_, once) = try tensorValueWithGradient(at: [Tensor(a)]) { p in
            try (TrackedTensor.scan(Filter(a: 0.5, start: 0), [p[0]]) * Tensor(w)).sum()
        }
        #expect(unread[0] == once[0])
        #expect(unread[1].scalars == [Double](repeating: 0, count: n))
        // All constants: a constant with the values of `Tensor.iteratedScan`.
        let constant = try TrackedTensor.iteratedScan(kernel, [Tensor(a).constant, Tensor(b).constant], times: times)
        let plain = try Tensor.iteratedScan(kernel, [Tensor(a), Tensor(b)], times: times)
        #expect(constant.id == nil && constant.value == plain)
    }

    @Test func badArgumentsThrow() {
        let kernel = Coupled(offset: 1, fill: 0)
        #expect(throws: TensorError.tooFew(operation: "iteratedScan", what: "times", count: 0, minimum: 1)) {
            try Tensor.iteratedScan(kernel, [Tensor([1, 2]), Tensor([1, 2])], times: 0)
        }
        #expect(TensorError.tooFew(operation: "iteratedScan", what: "times", count: 0, minimum: 1).description
            == "iteratedScan needs times ≥ 1, got 0")
        #expect(throws: TensorError.self) { try Tensor.iteratedScan(kernel, [Tensor([1, 2])], times: 2) }   // reads operand 1
        #expect(throws: TensorError.self) {
            try TrackedTensor.iteratedScan(kernel, [TensorTape().variable(Tensor([1, 2])), TensorTape().variable(Tensor([1, 2]))], times: 2)
        }
        // No second-order rule: a Hessian–vector product through it says so.
        #expect(throws: TensorError.notTwiceDifferentiable(operation: "iteratedScan(Coupled)")) {
            try tensorHessianVectorProduct(at: [Tensor([1, 2])], along: [Tensor([1, 1])]) { p in
                try TrackedTensor.iteratedScan(kernel, [p[0], p[0]], times: 2).applying(.powInt(2)).sum()
            }
        }
    }
}
