import Testing
@testable import AutoDiff

private func f<T: Scalar>(_ v: [T]) -> T { v[0] * v[0] * v[1] + sin(v[1]) + 1 / (v[0] + 3) }

@Test func workspaceGradientsMatchFreshOnesInBothModes() {
    var workspace = GradientWorkspace<Double>(capacity: 4)  // small: the tape must grow once
    var reverse: [Double] = [], forward: [Double] = []
    for point in [[1.0, 2.0], [3.0, -1.0], [0.5, 0.25], [-2, 4]] {
        let value = valueWithGradient(at: point, into: &reverse, using: &workspace) { f($0) }
        forwardGradient(at: point, into: &forward, using: &workspace) { f($0) }
        let fresh = valueWithGradient(at: point) { f($0) }
        #expect(value == fresh.value)
        #expect(reverse == fresh.gradient)
        #expect(forward == forwardGradient(at: point) { f($0) })
        let closedForm = [2 * point[0] * point[1] - 1 / ((point[0] + 3) * (point[0] + 3)),
                          point[0] * point[0] + cos(point[1])]
        for j in 0..<2 {
            #expect(abs(reverse[j] - closedForm[j]) <= 1e-12)
            #expect(abs(forward[j] - closedForm[j]) <= 1e-12)
        }
    }
}

@Test func workspaceGradientOfAConstantFunctionIsZeroAndResized() {
    var workspace = GradientWorkspace<Double>()
    var g = [7.0, 7, 7, 7]
    let value = valueWithGradient(at: [1.0, 2], into: &g, using: &workspace) { _ in Reverse(constant: 5) }
    #expect(value == 5)
    #expect(g == [0, 0])
}

@Test func nestedWorkspacesGiveTheSecondDerivative() {
    // d/dx of (d/dy (x·y²) at y = x) by reverse over reverse, each level on its own workspace:
    // ∂/∂y = 2xy, at y = x: 2x², derivative 4x.
    var outer = GradientWorkspace<Double>()
    var g: [Double] = []
    valueWithGradient(at: [1.5], into: &g, using: &outer) { x in
        var inner = GradientWorkspace<Reverse<Double>>()
        var h: [Reverse<Double>] = []
        valueWithGradient(at: x, into: &h, using: &inner) { y in Reverse(constant: x[0]) * y[0] * y[0] }
        return h[0]
    }
    #expect(abs(g[0] - 4 * 1.5) <= 1e-12)
}

@Test func reusedAdjointBufferMatchesAFreshSweep() {
    let tape = Tape<Double>(capacity: 8)
    let a = tape.variable(2), b = tape.variable(3)
    let y = a * b + sin(a)
    var buffer = [Double](repeating: 9, count: 50)
    tape.adjoints(seeds: [(y.slot, 1)], into: &buffer)
    #expect(buffer == tape.adjoints(seeds: [(y.slot, 1)]))
    #expect(buffer[Int(a.slot)] == 3 + cos(2.0))
    #expect(buffer[Int(b.slot)] == 2)
    var grown: [Double] = [9]  // shorter than the tape: grown, and every slot cleared first
    tape.adjoints(seeds: [(y.slot, 1)], into: &grown)
    #expect(grown == buffer)
}
