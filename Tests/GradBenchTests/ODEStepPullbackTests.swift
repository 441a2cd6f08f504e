import AutoDiff
import Tensors
import Testing
@testable import GradBench

/// The ode step's kernel without its compiled pullback: the scan loops evaluate its body on
/// `StructuralDual`, one input at a time (the path `elementPullback` replaces).
private struct ODEStepOnDualNumbers: ScanKernel {
    let step: ODEStepKernel
    var reads: [StencilRead] { step.reads }
    static var carryCount: Int { ODEStepKernel.carryCount }
    var initialCarry: ScanCarry<Double> { step.initialCarry }
    func evaluate<T: Scalar>(_ r: StencilReads<T>, carry: inout ScanCarry<T>) -> T { step.evaluate(r, carry: &carry) }
}

/// x̄ and ȳ of `steps` scan steps of `kernel` on x, y of `shape`, pulled back from `seed`.
private func stepCotangents<K: ScanKernel>(_ kernel: K, shape: [Int], steps: Int, seed: UInt64) throws -> [Double] {
    var numbers = TestNumbers(seed: seed)
    let count = shape.reduce(1, *)
    let x = try Tensor(shape: shape, scalars: numbers.vector(count).map { 2 * $0 - 0.5 })
    let y = try Tensor(shape: shape, scalars: numbers.vector(count))
    let cotangent = try Tensor(shape: shape, scalars: numbers.vector(count).map { $0 - 0.5 })
    let bars = try tensorValueWithPullback(at: [x, y], seed: cotangent) { p in
        steps == 1 ? try TrackedTensor.scan(kernel, p) : try TrackedTensor.iteratedScan(kernel, p, times: steps)
    }.cotangents
    return bars[0].scalars + bars[1].scalars
}

@Suite("ode: the step's compiled pullback")
struct ODEStepPullbackTests {
    @Test("one component: componentPullback is the tape's pullback of component, to the last bit")
    func componentIsTheTapes() throws {
        var numbers = TestNumbers(seed: 31)
        for _ in 0..<20 {
            let p = numbers.vector(10).map { 2 * $0 - 1 }
            let h = 0.02
            let (value, g) = ODEStepKernel.componentPullback(x: p[0], previousY: p[1], y: p[2], previousK1: p[3],
                                                              previousK2: p[4], previousK3: p[5], h: h,
                                                              cotangent: (p[6], p[7], p[8], p[9]))
            let taped = valueWithPullback(at: Array(p[0..<6])) { v in
                let r = ODEStepKernel.component(x: v[0], previousY: v[1], y: v[2], previousK1: v[3], previousK2: v[4],
                                                previousK3: v[5], h: h)
                return [r.0, r.1, r.2, r.3]
            }
            #expect([value.0, value.1, value.2, value.3] == taped.value)
            #expect([g.x, g.previousY, g.y, g.previousK1, g.previousK2, g.previousK3] == (try taped.pullback(Array(p[6..<10]))))
        }
    }

    // Not to the last bit: a reverse sweep multiplies a cotangent into the partials from the
    // result down, forward mode multiplies the partials from the input up (and fuses the sums
    // of the terms into multiply–adds), so the two round differently.
    @Test("the scan's pullback equals the StructuralDual path's to 1e-14: edges, chunks, kept and rerun states, lanes, iterated",
          arguments: [([5], 1), ([700], 1), ([3000], 1), ([300, 3], 1), ([600], 4)])
    func scanPullbackIsTheDualPaths(shape: [Int], steps: Int) throws {
        let kernel = ODEStepKernel(h: 0.05)
        let compiled = try stepCotangents(kernel, shape: shape, steps: steps, seed: 32)
        let dual = try stepCotangents(ODEStepOnDualNumbers(step: kernel), shape: shape, steps: steps, seed: 32)
        #expect(compiled.count == 2 * shape.reduce(1, *))
        #expect(agree(compiled, dual, tolerance: 1e-14))
        #expect(compiled != dual || shape == [5])   // the compiled path really ran (it rounds differently)
    }
}
