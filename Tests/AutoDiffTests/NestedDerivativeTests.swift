import Testing
import AutoDiff

/// The extended Rosenbrock function Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², written once, generically.
func rosenbrock<T: Scalar>(_ x: [T]) -> T {
    var sum: T = 0
    for i in 0..<(x.count - 1) {
        let a = x[i + 1] - x[i] * x[i]
        let b = 1 - x[i]
        sum = sum + 100 * a * a + b * b
    }
    return sum
}

/// Its Hessian in closed form: tridiagonal.
func rosenbrockHessian(_ x: [Double]) -> [[Double]] {
    let n = x.count
    var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n {
        if i < n - 1 {
            h[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2
            h[i][i + 1] = -400 * x[i]
            h[i + 1][i] = -400 * x[i]
        }
        if i > 0 { h[i][i] += 200 }
    }
    return h
}

/// Whether two matrices agree to a relative 1e-12 (of the largest entry).
func agree(_ a: [[Double]], _ b: [[Double]], tolerance: Double = 1e-12) -> Bool {
    guard a.count == b.count, zip(a, b).allSatisfy({ $0.count == $1.count }) else { return false }
    let scale = Swift.max(1, (a + b).flatMap { $0 }.map { Swift.abs($0) }.max() ?? 1)
    return zip(a, b).allSatisfy { zip($0, $1).allSatisfy { Swift.abs($0 - $1) <= tolerance * scale } }
}

/// Nested differentiation in all four combinations of forward and reverse mode.
///
/// Naming: "outer over inner" — the outer derivative differentiates a function that itself takes
/// the inner derivative. The innermost type argument is the outer level:
/// forward over forward `Dual<Dual<Double>>`, forward over reverse `Reverse<Dual<Double>>`,
/// reverse over forward `Dual<Reverse<Double>>`, reverse over reverse `Reverse<Reverse<Double>>`.
@Suite struct NestedDerivativeTests {
    // MARK: Perturbation confusion: d/dx [x · (d/dy (x + y))|y=1] at x = 1 is 1 (confused: 2).

    @Test func noPerturbationConfusionForwardOverForward() {
        let d = derivative(at: 1.0) { x in
            x * derivative(at: Dual(constant: 1.0)) { y in Dual(constant: x) + y }
        }
        #expect(d == 1)
    }

    @Test func noPerturbationConfusionForwardOverReverse() {
        let d = derivative(at: 1.0) { x in
            x * gradient(at: [Dual(constant: 1.0)]) { y in Reverse(constant: x) + y[0] }[0]
        }
        #expect(d == 1)
    }

    @Test func noPerturbationConfusionReverseOverForward() {
        let g = gradient(at: [1.0]) { x in
            x[0] * derivative(at: Reverse(constant: 1.0)) { y in Dual(constant: x[0]) + y }
        }
        #expect(g == [1])
    }

    @Test func noPerturbationConfusionReverseOverReverse() {
        let g = gradient(at: [1.0]) { x in
            x[0] * gradient(at: [Reverse(constant: 1.0)]) { y in Reverse(constant: x[0]) + y[0] }[0]
        }
        #expect(g == [1])
    }

    /// A sharper variant: the inner derivative depends on x, d/dx [x · d/dy (x·y)] = d/dx x² = 2x.
    @Test func innerDerivativeThatDependsOnTheOuterVariable() {
        for x0 in [-1.5, 0.5, 3.0] {
            let ff = derivative(at: x0) { x in x * derivative(at: Dual(constant: 2.0)) { y in Dual(constant: x) * y } }
            let fr = derivative(at: x0) { x in x * gradient(at: [Dual(constant: 2.0)]) { y in Reverse(constant: x) * y[0] }[0] }
            let rf = gradient(at: [x0]) { x in x[0] * derivative(at: Reverse(constant: 2.0)) { y in Dual(constant: x[0]) * y } }
            let rr = gradient(at: [x0]) { x in x[0] * gradient(at: [Reverse(constant: 2.0)]) { y in Reverse(constant: x[0]) * y[0] }[0] }
            #expect(ff == 2 * x0)
            #expect(fr == 2 * x0)
            #expect(rf == [2 * x0])
            #expect(rr == [2 * x0])
        }
    }

    // MARK: Rosenbrock Hessian, closed form, all four combinations

    static let points: [[Double]] = [[0.5, -1.5, 2.0], [1, 1, 1, 1], [-1.2, 1.0, 0.3, 2.5, -0.7]]

    @Test(arguments: points) func hessianForwardOverReverse(x: [Double]) {
        #expect(agree(hessian(at: x, of: rosenbrock), rosenbrockHessian(x)))
    }

    @Test(arguments: points) func hessianForwardOverForward(x: [Double]) {
        let n = x.count
        let h = (0..<n).map { i in
            (0..<n).map { j in
                let seeded = (0..<n).map { k in
                    Dual(Dual(x[k], tangent: k == j ? 1 : 0), tangent: Dual(k == i ? 1 : 0, tangent: 0))
                }
                return rosenbrock(seeded).tangent.tangent
            }
        }
        #expect(agree(h, rosenbrockHessian(x)))
    }

    @Test(arguments: points) func hessianReverseOverForward(x: [Double]) {
        // Row i = ∇ₓ (∂f/∂xᵢ), the inner partial by forward mode.
        let h = x.indices.map { i in
            gradient(at: x) { v in
                rosenbrock(v.indices.map { Dual(v[$0], tangent: $0 == i ? 1 : 0) }).tangent
            }
        }
        #expect(agree(h, rosenbrockHessian(x)))
    }

    @Test(arguments: points) func hessianReverseOverReverse(x: [Double]) {
        let h = x.indices.map { i in gradient(at: x) { v in gradient(at: v, of: rosenbrock)[i] } }
        #expect(agree(h, rosenbrockHessian(x)))
    }

    @Test func hessianVectorProductIsHessianTimesVector() throws {
        let x = [0.3, -0.8, 1.7, 0.2]
        let v = [1.0, -2, 0.5, 3]
        let hv = try hessianVectorProduct(at: x, along: v, of: rosenbrock)
        let expected = rosenbrockHessian(x).map { row in zip(row, v).map(*).reduce(0, +) }
        #expect(agree([hv], [expected]))
    }

    /// Third derivatives: three nested forward levels against the closed form of x⁴ (24x).
    @Test func thirdDerivativeByTripleNesting() {
        for x0 in [-2.0, 0.5, 1.5] {
            let d3 = derivative(at: x0) { x in
                derivative(at: x) { y in
                    derivative(at: y) { z in z * z * z * z }
                }
            }
            #expect(d3 == 24 * x0)
        }
    }
}
