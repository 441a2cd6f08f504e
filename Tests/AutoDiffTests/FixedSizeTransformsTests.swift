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
