import Testing
import PropertyBased
import AutoDiff

/// The transforms agree with each other: reverse against forward Jacobians, pullbacks against
/// Jacobian rows, JVPs against Jacobian columns, Hessian–vector products against the Hessian.
@Suite struct TransformConsistencyTests {
    /// ℝ³ → ℝ²: a polar-like map with kinks far from the test points.
    func map<T: Scalar>(_ v: [T]) -> [T] {
        let r: T = sqrt(v[0] * v[0] + v[1] * v[1] + 1)
        let s: T = tanh(v[2]) * exp(v[0] / 4) + max(v[1], 10) - relu(v[2] - 20)
        return [r * sin(v[2]), s / (2 + cos(v[0]))]
    }

    @Test func reverseJacobianEqualsForwardJacobian() async throws {
        await propertyCheck(count: 40, input: Gen.double(in: -3...3), Gen.double(in: -3...3), Gen.double(in: -3...3)) { a, b, c in
            let x = [a, b, c]
            let reverse = try jacobian(at: x, of: map)
            let forward = forwardJacobian(at: x, of: map)
            #expect(agree(reverse, forward, tolerance: 1e-14))
            let v = [0.5, -1.0, 2.0]
            let jv = try jvp(at: x, along: v, of: map)
            #expect(jv.value == map(x))
            #expect(agree([jv.differential], [forward.map { row in zip(row, v).map(*).reduce(0, +) }], tolerance: 1e-13))
            let u = [1.5, -0.25]
            let uj = try vjp(at: x, cotangent: u, of: map)
            let expected = (0..<3).map { j in u[0] * reverse[0][j] + u[1] * reverse[1][j] }
            #expect(agree([uj], [expected], tolerance: 1e-13))
        }
    }

    @Test func pullbackCanBeCalledManyTimes() throws {
        let (value, pullback) = valueWithPullback(at: [1.0, 2, 3], of: map)
        #expect(value == map([1.0, 2, 3]))
        let first = try pullback([1, 0])
        let second = try pullback([0, 1])
        let again = try pullback([1, 0])
        #expect(first == again)
        #expect(try jacobian(at: [1.0, 2, 3], of: map) == [first, second])
    }

    @Test func hessianVectorProductsFormTheHessian() throws {
        let x = [0.4, -1.1, 0.9, 2.0]
        let h = hessian(at: x, of: rosenbrock)
        for j in x.indices {
            let e = x.indices.map { $0 == j ? 1.0 : 0 }
            #expect(try hessianVectorProduct(at: x, along: e, of: rosenbrock) == h.map { $0[j] })
        }
        #expect(agree(h, h.indices.map { i in h.indices.map { h[$0][i] } })) // symmetric
    }

    @Test func constantAndIdentityOutputs() {
        #expect(gradient(at: [1.0, 2.0]) { _ in 7 } == [0, 0])
        #expect(gradient(at: [1.0, 2.0]) { v in v[1] } == [0, 1])
        #expect(valueWithGradient(at: [3.0]) { v in v[0] * 2 } == (value: 6, gradient: [2]))
        #expect(forwardGradient(at: [1.0, 2.0]) { _ in 7 } == [0, 0])
        #expect(gradient(at: [Double]()) { _ in 1 } == [])
    }

    @Test func valuesAgreeWithPlainEvaluation() {
        let x = [0.3, -0.7, 1.9]
        let plain = rosenbrock(x)
        #expect(valueWithGradient(at: x, of: rosenbrock).value == plain)
        #expect(valueWithDerivative(at: 0.3) { t in rosenbrock([t, Dual(constant: -0.7), Dual(constant: 1.9)]) }.value == plain)
    }
}
