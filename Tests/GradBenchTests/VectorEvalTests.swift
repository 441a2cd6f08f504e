import AutoDiff
import Tensors
import Foundation
import Testing
@testable import GradBench

@Test func llsqGradientMatchesTheClosedFormAndForwardMode() {
    var numbers = TestNumbers(seed: 1)
    let x = numbers.vector(5)
    let n = 9
    let reverse = gradient(at: x) { LLSQEval.objective($0, n: n) }
    let forward = forwardGradient(at: x) { LLSQEval.objective($0, n: n) }
    // ∂/∂xⱼ ½ Σᵢ rᵢ² = −Σᵢ rᵢ tᵢʲ with rᵢ = sᵢ − Σⱼ xⱼ tᵢʲ.
    var closed = [Double](repeating: 0, count: x.count)
    var value = 0.0
    for i in 0..<n {
        let t = -1 + Double(i) * 2 / Double(n - 1)
        let powers = x.indices.map { pow(t, Double($0)) }
        let r = (t > 0 ? 1.0 : t < 0 ? -1 : 0) - zip(x, powers).map(*).reduce(0, +)
        value += r * r / 2
        for j in x.indices { closed[j] -= r * powers[j] }
    }
    #expect(abs(LLSQEval.objective(x, n: n) - value) < 1e-12)
    #expect(agree(reverse, closed, tolerance: 1e-12))
    #expect(agree(forward, closed, tolerance: 1e-12))
}

@Test func lseGradientIsSoftmax() {
    let x = [0.3, -1.2, 2.5, 0.0, 2.5]
    let value = LSEEval.objective(x)
    let naive = log(x.map { exp($0) }.reduce(0, +))
    #expect(abs(value - naive) < 1e-12)
    let g = gradient(at: x) { LSEEval.objective($0) }
    let softmax = x.map { exp($0 - naive) }
    #expect(agree(g, softmax, tolerance: 1e-12))
    #expect(agree(g, forwardGradient(at: x) { LSEEval.objective($0) }, tolerance: 1e-12))
}

@Test func detMatchesCofactorsOfA3x3AndFiniteDifferencesOf5x5() {
    let a = [2.0, -1, 0.5, 1, 3, -2, 0, 1, 4]
    // det by the rule of Sarrus (32.5); its gradient is the cofactor matrix.
    #expect(abs(DetEval.objective(a, ell: 3) - 32.5) < 1e-12)
    let cofactors = [14.0, -4, 1, 4.5, 8, -2, 0.5, 4.5, 7]
    #expect(agree(gradient(at: a) { DetEval.objective($0, ell: 3) }, cofactors, tolerance: 1e-12))

    var numbers = TestNumbers(seed: 5)
    let b = numbers.vector(25)
    let g = gradient(at: b) { DetEval.objective($0, ell: 5) }
    #expect(agree(g, finiteDifferenceGradient(b) { DetEval.objective($0, ell: 5) }, tolerance: 1e-7))
    // Expansion along any row: Σⱼ aᵢⱼ ∂det/∂aᵢⱼ = det.
    let rowSum = (0..<5).map { b[10 + $0] * g[10 + $0] }.reduce(0, +)
    #expect(abs(rowSum - DetEval.objective(b, ell: 5)) < 1e-12)
}

@Test func detOfOneByOneAndTwoByTwo() {
    #expect(DetEval.objective([7.0] as [Double], ell: 1) == 7)
    #expect(gradient(at: [7.0]) { DetEval.objective($0, ell: 1) } == [1])
    #expect(DetEval.objective([1.0, 2, 3, 4] as [Double], ell: 2) == -2)
}

@Test func odeIsExactForFourComponents() {
    // With n = 4 the solution is polynomial of degree 4 in t, which RK4 integrates exactly:
    // y₃(2) = x₀x₁x₂x₃ · 2⁴/4!.
    let x = [0.5, 1.5, -2.0, 0.75]
    let y = ODEEval.solve(x, steps: 3)
    let product = x.reduce(1, *)
    #expect(abs(y[3] - product * 16 / 24) < 1e-12)
    #expect(abs(y[0] - x[0] * 2) < 1e-12)
    let g = ODEEval.gradient(x, steps: 3)
    let closed = x.indices.map { i in product / x[i] * 16 / 24 }
    #expect(agree(g, closed, tolerance: 1e-12))
}

@Test func odeCheckpointedGradientMatchesForwardMode() {
    var numbers = TestNumbers(seed: 9)
    let x = numbers.vector(12)
    for steps in [1, 4] {
        let g = ODEEval.gradient(x, steps: steps)
        let forward = forwardGradient(at: x) { ODEEval.solve($0, steps: steps)[11] }
        #expect(agree(g, forward, tolerance: 1e-12))
    }
}

@Test(arguments: [(3, 4), (8, 5)])
func kmeansCostAndNewtonDirectionMatchClosedForms(d: Int, k: Int) {
    // d = 8 takes the four-coordinates-at-a-time search, k = 5 its odd last centroid.
    var numbers = TestNumbers(seed: 3)
    let n = 40
    let points = numbers.vector(n * d)
    let centroids = Array(points[((n - k) * d)...])
    // Closed forms: cost = Σ min distance²; J·H⁻¹ = Cⱼ − mean of the points closest to Cⱼ.
    var cost = 0.0
    var sums = [Double](repeating: 0, count: k * d), counts = [Double](repeating: 0, count: k)
    for i in 0..<n {
        let distances = (0..<k).map { j in (0..<d).map { pow(points[i * d + $0] - centroids[j * d + $0], 2) }.reduce(0, +) }
        let j = distances.indices.min { distances[$0] < distances[$1] }!
        cost += distances[j]
        counts[j] += 1
        for e in 0..<d { sums[j * d + e] += points[i * d + e] }
    }
    let expected = (0..<(k * d)).map { centroids[$0] - sums[$0] / counts[$0 / d] }
    #expect(abs(KMeansEval.cost(points: points, centroids: centroids, d: d) - cost) < 1e-12)
    #expect(agree(KMeansEval.direction(points: points, centroids: centroids, d: d), expected, tolerance: 1e-12))
}

@Test func evalOutputsHaveTheDocumentedShapes() throws {
    let kmeans = try evaluateOnce(KMeansEval.self, "dir", .object([
        "points": .array([.numbers([0, 0]), .numbers([1, 1]), .numbers([4, 4])]),
        "centroids": .array([.numbers([0, 0]), .numbers([4, 4])]),
    ]))
    #expect(kmeans == .array([.numbers([-0.5, -0.5]), .numbers([0, 0])]))
    let det = try evaluateOnce(DetEval.self, "gradient", .object(["A": .numbers([1, 2, 3, 4]), "ell": .number(2)]))
    #expect(det == .numbers([4, -3, -2, 1]))
    let ode = try evaluateOnce(ODEEval.self, "primal", .object(["x": .numbers([1, 1]), "s": .number(2)]))
    #expect(ode.array?.count == 2)
    let llsq = try evaluateOnce(LLSQEval.self, "primal", .object(["x": .numbers([0]), "n": .number(3)]))
    #expect(llsq == .number(1))  // ½ (1 + 0 + 1)
}

@Test func llsqTensorPathMatchesTheScalarPath() throws {
    var numbers = TestNumbers(seed: 21)
    for (m, n) in [(1, 2), (5, 9), (16, 64), (128, 16), (3, 130)] {
        let x = numbers.vector(m)
        let scalar = gradient(at: x) { LLSQEval.objective($0, n: n) }
        #expect(agree(try LLSQEval.tensorGradient(x, n: n), scalar, tolerance: 1e-12))
    }
}

@Test func lseTensorPathMatchesTheScalarPathIncludingATiedMaximum() throws {
    var numbers = TestNumbers(seed: 22)
    for x in [[0.3, -1.2, 2.5, 0.0, 2.5], [4.0], numbers.vector(1000).map { $0 * 20 - 10 }] {
        let scalar = gradient(at: x) { LSEEval.objective($0) }
        #expect(agree(try LSEEval.tensorGradient(x), scalar, tolerance: 1e-12))
    }
}

@Test func kmeansTensorDirectionMatchesTheScalarForwardOverReverse() throws {
    var numbers = TestNumbers(seed: 33)
    // d = 3 (remainder coordinates only), 8 (SIMD only), 6 (both); blocks split when n·d > 16384.
    for (n, k, d) in [(40, 4, 3), (200, 10, 8), (3000, 7, 6)] {
        let points = numbers.vector(n * d)
        let centroids = Array(points[((n - k) * d)...])
        let scalar = KMeansEval.direction(points: points, centroids: centroids, d: d)
        let tensor = try KMeansEval.tensorDirection(points: Tensor(shape: [n, d], scalars: points), centroids: centroids)
        #expect(agree(tensor, scalar, tolerance: 1e-10))
    }
}
