import Testing
import PropertyBased
@testable import AutoDiff

/// `Scalar.preaccumulating`: the same values and derivatives as calling the function directly, in
/// every mode and nesting, with the outer tape holding one compact node per call.
@Suite struct PreaccumulationTests {
    /// ℝᵏ → ℝ with products, a division and transcendental primitives, so that every partial differs.
    struct Mix: LocalFunction {
        func callAsFunction<S: Scalar>(_ x: UnsafeBufferPointer<S>) -> S {
            var sum: S = 0
            for i in x.indices { sum += x[i] * x[(i + 1) % x.count] + sin(x[i]) / S(Double(i + 2)) }
            return x.isEmpty ? sum : sum * exp(x[0] / 4) / (2 + cos(x[x.count - 1]))
        }
    }

    /// Preaccumulates `Mix` on its inputs' sums of pairs, so that a hook runs inside a hook.
    struct Nested: LocalFunction {
        func callAsFunction<S: Scalar>(_ x: UnsafeBufferPointer<S>) -> S {
            var pairs: [S] = []
            for i in 0..<(x.count / 2) {
                let product: S = x[2 * i] * x[2 * i + 1]
                pairs.append(product + x[2 * i])
            }
            return pairs.withUnsafeMutableBufferPointer { S.preaccumulating(Mix(), at: UnsafeBufferPointer($0)) } * x[0]
        }
    }

    /// An objective of n ≥ 2 inputs using the hook on overlapping windows (and on a repeated input
    /// and a constant) when `hooked`, else the same functions called directly.
    static func objective<S: Scalar>(_ v: [S], hooked: Bool) -> S {
        func call<F: LocalFunction>(_ f: F, _ inputs: [S]) -> S {
            inputs.withUnsafeBufferPointer { hooked ? S.preaccumulating(f, at: $0) : f($0) }
        }
        let n = v.count
        let head = call(Mix(), Array(v[0..<(n + 1) / 2]))
        let tail = call(Mix(), Array(v[(n / 2)...]) + [v[0], S(0.75)])
        let inner = call(Nested(), v + v.reversed())
        return head * tail + sqrt(1 + inner * inner) - tail / 3
    }

    @Test func gradientsEqualPlainReverseForwardModeAndFiniteDifferences() async {
        await propertyCheck(count: 40, input: Gen.double(in: -2...2).array(of: 2...9)) { x in
            let hooked = gradient(at: x) { Self.objective($0, hooked: true) }
            let plain = gradient(at: x) { Self.objective($0, hooked: false) }
            let forward = forwardGradient(at: x) { Self.objective($0, hooked: true) }
            #expect(agree(hooked, plain, tolerance: 1e-12))
            #expect(agree(hooked, forward, tolerance: 1e-12))
            let h = 1e-6
            let differences = x.indices.map { i in
                var up = x, down = x
                up[i] += h
                down[i] -= h
                return (Self.objective(up, hooked: true) - Self.objective(down, hooked: true)) / (2 * h)
            }
            #expect(agree(hooked, differences, tolerance: 1e-6))
            #expect(Self.objective(x, hooked: true) == Self.objective(x, hooked: false))
        }
    }

    @Test func hessiansThroughReverseOverDualAndDualOverReverseAndReverseOverReverse() throws {
        let x = [0.3, -1.1, 0.7, 1.9, -0.4]
        let hooked = hessian(at: x) { Self.objective($0, hooked: true) }
        let plain = hessian(at: x) { Self.objective($0, hooked: false) }
        for i in x.indices { #expect(agree(hooked[i], plain[i], tolerance: 1e-11)) }
        let u = [1.0, -0.5, 0.25, 2.0, 0.0]
        // Reverse over forward, Dual<Reverse<Double>>: the gradient of ∇f·u is H·u.
        let dualOverReverse = gradient(at: x) { v in
            Self.objective(zip(v, u).map { Dual($0, tangent: Reverse(constant: $1)) }, hooked: true).tangent
        }
        let hu = x.indices.map { i in zip(plain[i], u).map(*).reduce(0, +) }
        #expect(agree(dualOverReverse, hu, tolerance: 1e-11))
        // Reverse over reverse, Reverse<Reverse<Double>>: row 2 of the Hessian.
        let row = gradient(at: x) { v in gradient(at: v) { Self.objective($0, hooked: true) }[2] }
        #expect(agree(row, plain[2], tolerance: 1e-11))
    }

    @Test func theOuterTapeHoldsOneNodeOfKMinusOneEntries() {
        let tape = Tape<Double>(capacity: 16)
        let x = [0.5, -0.25, 1.5, 2.0, -1.0, 0.125]
        for _ in 0..<2 {  // the second call reuses the private tape
            let result = valueWithGradient(at: x, on: tape) { v in
                v.withUnsafeBufferPointer { Reverse.preaccumulating(Mix(), at: $0) }
            }
            #expect(agree(result.gradient, forwardGradient(at: x) { v in
                v.withUnsafeBufferPointer { Mix()($0) }
            }, tolerance: 1e-13))
            #expect(tape.count == x.count + x.count - 1)
        }
    }

    /// Returns its second input, or a constant when it has fewer than two.
    struct Pick: LocalFunction {
        func callAsFunction<S: Scalar>(_ x: UnsafeBufferPointer<S>) -> S { x.count < 2 ? 3 : x[1] }
    }

    @Test func edgeCasesNoInputsConstantsRepeatsAndAnInputAsResult() {
        let empty = gradient(at: [2.0]) { v in
            [Reverse<Double>]().withUnsafeBufferPointer { Reverse.preaccumulating(Mix(), at: $0) } + v[0]
        }
        #expect(empty == [1])
        // One tracked input among constants, and the same input twice.
        let g = gradient(at: [0.5, 1.5]) { v in
            let a = [Reverse(constant: 2.0), v[0], Reverse(constant: -1.0)].withUnsafeBufferPointer {
                Reverse.preaccumulating(Mix(), at: $0)
            }
            let b = [v[1], v[1]].withUnsafeBufferPointer { Reverse.preaccumulating(Mix(), at: $0) }
            return a + b
        }
        let expected = forwardGradient(at: [0.5, 1.5]) { v in
            [Dual(constant: 2.0), v[0], Dual(constant: -1.0)].withUnsafeBufferPointer { Mix()($0) }
                + [v[1], v[1]].withUnsafeBufferPointer { Mix()($0) }
        }
        #expect(agree(g, expected, tolerance: 1e-13))
        // The result is an input itself, or a constant.
        #expect(gradient(at: [1.0, 4.0]) { v in v.withUnsafeBufferPointer { Reverse.preaccumulating(Pick(), at: $0) } } == [0, 1])
        #expect(gradient(at: [1.0]) { v in v.withUnsafeBufferPointer { Reverse.preaccumulating(Pick(), at: $0) } } == [0])
        // Untracked inputs: the plain call, a constant.
        let constant = [Reverse(constant: 1.0), Reverse(constant: 4.0)].withUnsafeBufferPointer {
            Reverse.preaccumulating(Pick(), at: $0)
        }
        #expect(!constant.isTracked && constant.value == 4)
    }
}

/// Whether two vectors agree to `tolerance` relative to their largest entry.
private func agree(_ a: [Double], _ b: [Double], tolerance: Double) -> Bool { agree([a], [b], tolerance: tolerance) }
