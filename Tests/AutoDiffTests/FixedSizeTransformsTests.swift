import Testing
import PropertyBased
@testable import AutoDiff

private func f<T: Scalar>(_ v: InlineArray<2, T>) -> T { v[0] * v[0] * v[1] + sin(v[1]) + 1 / (v[0] + 3) }
private func f<T: Scalar>(_ v: [T]) -> T { f(InlineArray<2, T> { v[$0] }) }

/// ∇f in closed form.
private func closedFormGradient(_ x: Double, _ y: Double) -> [Double] {
    [2 * x * y - 1 / ((x + 3) * (x + 3)), x * x + cos(y)]
}

private func array<let n: Int, T>(_ v: InlineArray<n, T>) -> [T] { (0..<n).map { v[$0] } }

@Suite struct FixedSizeTransformsTests {
    @Test func everyFixedSizeGradientMatchesTheArrayTransformsBitForBit() async {
        await propertyCheck(count: 40, input: Gen.double(in: -2...2).array(of: 2...2)) { p in
            let point: InlineArray<2, Double> = [p[0], p[1]]
            var workspace = GradientWorkspace<Double>(capacity: 2)  // small: the tape must grow
            let reverse = valueWithGradient(at: point, using: &workspace) { f($0) }
            let forward = forwardGradient(at: point) { f($0) }
            let oneForwardPass = valueWithForwardGradient(at: point) { f($0) }
            let fresh = valueWithGradient(at: p) { f($0) }
            #expect(reverse.value == fresh.value && oneForwardPass.value == fresh.value)
            #expect(array(reverse.gradient) == fresh.gradient)
            #expect(array(forward) == forwardGradient(at: p) { f($0) })
            // MultiDual's tangent j is the Dual pass along eⱼ, operation by operation.
            #expect(array(oneForwardPass.gradient) == array(forward))
            for (g, c) in zip(array(reverse.gradient), closedFormGradient(p[0], p[1])) { #expect(abs(g - c) <= 1e-12) }
        }
    }

    @Test func reusedWorkspaceGivesTheSameGradientsAtEveryPoint() {
        var workspace = GradientWorkspace<Double>()
        for p in [[1.0, 2.0], [3.0, -1.0], [0.5, 0.25], [-2, 4]] {
            let point: InlineArray<2, Double> = [p[0], p[1]]
            let g = valueWithGradient(at: point, using: &workspace) { f($0) }.gradient
            let c = closedFormGradient(p[0], p[1])
            #expect(abs(g[0] - c[0]) <= 1e-12 && abs(g[1] - c[1]) <= 1e-12)
        }
    }

    @Test func constantFunctionHasZeroGradient() {
        var workspace = GradientWorkspace<Double>()
        let (value, g) = valueWithGradient(at: [1.0, 2] as InlineArray<2, Double>, using: &workspace) { _ in
            Reverse(constant: 5)
        }
        #expect(value == 5 && g[0] == 0 && g[1] == 0)
        let forward = valueWithForwardGradient(at: [1.0, 2] as InlineArray<2, Double>) { _ in 5 }
        #expect(forward.value == 5 && forward.gradient[0] == 0 && forward.gradient[1] == 0)
    }

    @Test func nestedFixedSizeGradientsGiveTheHessianInEveryModeCombination() {
        // ∂/∂x of ∇f, with the inner gradient in one mode and the outer in another.
        let p = [0.7, -1.3]
        let expected = hessian(at: p) { f($0) }
        let point: InlineArray<2, Double> = [p[0], p[1]]
        for j in 0..<2 {
            // Forward over forward (MultiDual of MultiDual).
            let ff = valueWithForwardGradient(at: point) { x in
                valueWithForwardGradient(at: x) { f($0) }.gradient[j]
            }.gradient
            // Reverse over forward.
            var outer = GradientWorkspace<Double>()
            let rf = valueWithGradient(at: point, using: &outer) { x in
                valueWithForwardGradient(at: x) { f($0) }.gradient[j]
            }.gradient
            // Forward over reverse and reverse over reverse, each level on its own workspace.
            let fr = valueWithForwardGradient(at: point) { x in
                var inner = GradientWorkspace<MultiDual<2, Double>>()
                return valueWithGradient(at: x, using: &inner) { f($0) }.gradient[j]
            }.gradient
            let rr = valueWithGradient(at: point, using: &outer) { x in
                var inner = GradientWorkspace<Reverse<Double>>()
                return valueWithGradient(at: x, using: &inner) { f($0) }.gradient[j]
            }.gradient
            for i in 0..<2 {
                for g in [ff[i], rf[i], fr[i], rr[i]] { #expect(abs(g - expected[j][i]) <= 1e-12) }
            }
        }
    }

    @Test func multiDualSeedsOneDirectionPerTangentAndDescribesItself() {
        let x = MultiDual<3, Double>(2, direction: 1)
        #expect(array(x.tangents) == [0, 1, 0])
        let y = x * x + MultiDual(constant: 1)
        #expect(y.value == 5 && array(y.tangents) == [0, 4, 0])
        #expect(y.description == "5.0 + [0.0, 4.0, 0.0]ε")
        #expect(MultiDual<2, Double>(3) < MultiDual<2, Double>(4))
    }

    @Test func workspaceUsedOnlyForForwardModeMakesNoTape() {
        var workspace = GradientWorkspace<Double>()
        #expect(workspace.storedTape == nil)
        _ = workspace.tape
        #expect(workspace.storedTape != nil && workspace.unownedTape != nil)
    }
}

@Suite struct MultiDualKnownZeroTests {
    @Test func liftedConstantsRecordNothingForTheirTangentsOverReverse() {
        // g(x) = ∂/∂y₀ of (c·c + c·y₀)·y₁ at y, with c = x lifted as a constant into the inner level:
        // ∂/∂y₀ = c·y₁, so dg/dx = y₁. The c·c and the c-terms' tangents involve only known zeros.
        let tape = Tape<Double>(capacity: 64)
        let x = tape.variable(1.5)
        let c = MultiDual<2, Reverse<Double>>(constant: x)
        let y0 = MultiDual<2, Reverse<Double>>(Reverse(constant: 0.5), direction: 0)
        let y1 = MultiDual<2, Reverse<Double>>(Reverse(constant: 2), direction: 1)
        let before = tape.count
        let value = (c * c + c * y0) * y1
        let recorded = tape.count - before
        let g = value.tangents[0]
        #expect(g.value == 1.5 * 2)
        #expect(tape.adjoints(seeds: [(g.slot, 1)])[Int(x.slot)] == 2)
        // Recorded: the four values (c·c, c·y₀, the sum, the product with y₁) and one entry per
        // tangent term that is not a known zero: x·e₀ in c·y₀, 1·that in the sum, 2·that and
        // (sum)·e₁ in the product. The full formula would record each partial · 0 as well (6 entries
        // for c·c alone).
        #expect(recorded == 8)
    }

    @Test func knownZeroSkippingGivesTheSameGradientAsDualPasses() async {
        await propertyCheck(count: 30, input: Gen.double(in: -2...2).array(of: 3...3)) { p in
            // Reverse over MultiDual vs reverse over two Dual passes, for f with a lifted constant.
            let h = { (w: Double) -> Double in
                var workspace = GradientWorkspace<Double>()
                return valueWithGradient(at: [w] as InlineArray<1, Double>, using: &workspace) { x in
                    valueWithForwardGradient(at: [Reverse(constant: p[1]), Reverse(constant: p[2])] as InlineArray<2, Reverse<Double>>) { y in
                        let c = MultiDual<2, Reverse<Double>>(constant: x[0])
                        return c * c * y[0] + sin(c * y[1]) + y[0] * y[1]
                    }.gradient[1]
                }.gradient[0]
            }
            // ∂/∂y₁ = c·cos(c·y₁) + y₀; d/dc = cos(c·y₁) − c·y₁·sin(c·y₁).
            let (c, y1) = (p[0], p[2])
            #expect(abs(h(c) - (cos(c * y1) - c * y1 * sin(c * y1))) <= 1e-12)
        }
    }
}
