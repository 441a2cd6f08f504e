import Testing
import PropertyBased
import AutoDiff

/// Vector forward mode: each tangent lane equals the `Dual` pass along that lane's direction,
/// chunked Jacobians equal reverse mode's, and both agree with finite differences.
@Suite struct VectorDualTests {
    /// ℝ⁵ → ℝ³ with every kind of primitive, kinks far from the test points.
    func map<T: Scalar>(_ v: [T]) -> [T] {
        let r: T = sqrt(v[0] * v[0] + v[1] * v[1] + 1)
        let s: T = tanh(v[2]) * exp(v[3] / 4) + max(v[1], 10) - relu(v[4] - 20)
        let t: T = pow(v[0] * v[0] + 1, v[4] / 3) + log1p(v[3] * v[3]) * sigmoid(v[2]) - softplus(-v[1])
        return [r * sin(v[2]) - cos(v[4]), s / (2 + cos(v[0])), t + pow(v[3], 3) + pow(r, 0.5)]
    }

    @Test(arguments: Unary.samples)
    func unaryLanesEqualDualPasses(op: Unary) async {
        let (range, avoid) = testDomain(op)
        await propertyCheck(count: 30, input: Gen.double(in: range)) { x in
            guard Swift.abs(x) >= avoid else { return }
            let seeds = SIMD4<Double>(1, -2, 0.5, 0)
            let y = VectorDual.apply(op, VectorDual(x, tangent: seeds))
            #expect(y.value == op.evaluate(x))
            for lane in 0..<4 {
                let dual = Dual.apply(op, Dual(x, tangent: seeds[lane]))
                #expect(y.tangent[lane] == dual.tangent, "\(op) at \(x), lane \(lane)")
            }
            #expect(close(y.tangent[0], centralDifference(at: x) { op.evaluate($0) }), "\(op) at \(x)")
        }
    }

    @Test(arguments: Binary.allCases)
    func binaryLanesEqualDualPasses(op: Binary) async {
        let domain = testDomain(op)
        await propertyCheck(count: 30, input: Gen.double(in: domain.a), Gen.double(in: domain.b)) { a, b in
            if nearPoleOrKink(op, a, b) { return }
            let ta = SIMD2<Double>(1, 0.25), tb = SIMD2<Double>(0, -3)
            let y = VectorDual.apply(op, VectorDual(a, tangent: ta), VectorDual(b, tangent: tb))
            for lane in 0..<2 {
                let dual = Dual.apply(op, Dual(a, tangent: ta[lane]), Dual(b, tangent: tb[lane]))
                #expect(y.tangent[lane] == dual.tangent, "\(op) at (\(a), \(b)), lane \(lane)")
            }
            #expect(close(y.tangent[0], centralDifference(at: a) { op.evaluate($0, b) }), "\(op) at (\(a), \(b))")
        }
    }

    /// Scaling by a constant skips the constant's zero tangent and equals the product with it.
    @Test func scalingByAConstantEqualsTheProductWithIt() async {
        let number = Gen.double(in: -1e3...1e3)
        await propertyCheck(count: 50, input: number, number, number, number) { x, c, t0, t1 in
            let v = VectorDual(x, tangent: SIMD2<Double>(t0, t1))
            let scaled = v.scaled(by: c), product = v * VectorDual(c)
            #expect(scaled.value == product.value && scaled.tangent == product.tangent)
            #expect(scaled.tangent == SIMD2(c * t0, c * t1))
            // The default on every other scalar is the product itself.
            #expect(Dual(x, tangent: t0).scaled(by: c).tangent == c * t0)
            #expect(x.scaled(by: c) == x * c)
            #expect(gradient(at: [x]) { $0[0].scaled(by: c) } == [c])
        }
    }

    @Test func chunkedJacobianEqualsReverseAndDualJacobians() async throws {
        let coordinate = Gen.double(in: -2...2)
        await propertyCheck(count: 25, input: coordinate, coordinate, coordinate, coordinate, coordinate) { a, b, c, d, e in
            let x = [a, b, c, d, e]
            let reverse = try jacobian(at: x, of: map)
            let dual = forwardJacobian(at: x, of: map)
            // Widths below, between and above the input count: 3 passes, 2 passes, 1 pass.
            let narrow = forwardJacobian(at: x, width: SIMD2<Double>.self, of: map)
            let middle = forwardJacobian(at: x, width: SIMD4<Double>.self, of: map)
            let wide = forwardJacobian(at: x, width: SIMD8<Double>.self, of: map)
            #expect(narrow == dual && middle == dual && wide == dual)
            #expect(agree(wide, reverse, tolerance: 1e-13))
        }
    }

    @Test func chunkedGradientMatchesReverseModeAndFiniteDifferences() {
        let x = [0.4, -1.1, 0.9, 2.0, -0.3, 1.7, 0.05]
        let g = forwardGradient(at: x, width: SIMD4<Double>.self, of: rosenbrock)
        #expect(agree([g], [gradient(at: x, of: rosenbrock)], tolerance: 1e-14))
        for i in x.indices {
            var y = x
            let numeric = centralDifference(at: x[i]) { t in y[i] = t; return rosenbrock(y) }
            #expect(close(g[i], numeric, tolerance: 1e-5), "∂\(i): AD \(g[i]), finite differences \(numeric)")
        }
    }

    @Test func seedsConstantsAndEmptyInputs() {
        let x = VectorDual<SIMD4<Double>>(3, direction: 2)
        #expect(x.tangent == SIMD4(0, 0, 1, 0))
        let c: VectorDual<SIMD4<Double>> = 2.5
        #expect(c.value == 2.5 && c.tangent == SIMD4())
        #expect((c * x).tangent == SIMD4(0, 0, 2.5, 0))
        #expect(VectorDual<SIMD4<Double>>.width == 4)
        #expect(forwardJacobian(at: [Double](), width: SIMD2<Double>.self) { _ in [] } == [])
        #expect(forwardGradient(at: [1.0, 2.0], width: SIMD2<Double>.self) { _ in 7 } == [0, 0])
        #expect("\(VectorDual<SIMD2<Double>>(1, direction: 1))" == "1.0 + [0.0, 1.0]ε")
    }

    @Test func kinksFollowThePolicyLikeDual() {
        for policy in KinkPolicy.allCases {
            let (vector, kinks) = withKinkPolicy(policy) {
                forwardGradient(at: [0.0, 1.0], width: SIMD2<Double>.self) { v in abs(v[0]) + max(v[1], 1) }
            }
            let dual = withKinkPolicy(policy) {
                forwardGradient(at: [0.0, 1.0]) { v in abs(v[0]) + max(v[1], 1) }
            }.result
            #expect(vector == dual, "\(policy)")
            #expect(kinks.map(\.primitive) == ["abs", "max"])
        }
    }
}
