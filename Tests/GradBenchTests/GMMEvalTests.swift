import AutoDiff
import Foundation
import Testing
@testable import GradBench

/// A small GMM problem and a point θ = [α, μ, q, l].
func smallGMM(d: Int, k: Int, n: Int, seed: UInt64) -> (GMMEval.Problem, [Double]) {
    var numbers = TestNumbers(seed: seed)
    let problem = GMMEval.Problem(d: d, k: k, x: numbers.vector(n * d).map { 2 * $0 - 1 }, m: 1, gamma: 0.8)
    let theta = numbers.vector(problem.parameterCount).map { $0 - 0.5 }
    return (problem, theta)
}

/// The log posterior straight from the definition: explicit precision matrices QᵀQ, Gaussian
/// densities, and the Wishart density with V = I/γ², n = d + m + 1.
func naiveLogPosterior(_ theta: [Double], _ p: GMMEval.Problem) -> Double {
    let (d, k) = (p.d, p.k)
    var precisions: [[[Double]]] = []
    var logDeterminants: [Double] = []
    var frobenius: [Double] = []
    for c in 0..<k {
        var q = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        var index = 0
        for column in 0..<d {
            q[column][column] = exp(theta[k + k * d + c * d + column])
            for row in (column + 1)..<max(d, column + 1) {
                q[row][column] = theta[k + 2 * k * d + c * d * (d - 1) / 2 + index]
                index += 1
            }
        }
        var precision = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for i in 0..<d {
            for j in 0..<d {
                for r in 0..<d { precision[i][j] += q[r][i] * q[r][j] }
            }
        }
        precisions.append(precision)
        logDeterminants.append(2 * (0..<d).map { log(q[$0][$0]) }.reduce(0, +))
        frobenius.append(q.flatMap { $0 }.map { $0 * $0 }.reduce(0, +))
    }
    let weights = (0..<k).map { exp(theta[$0]) }
    let total = weights.reduce(0, +)
    var likelihood = 0.0
    for i in 0..<p.n {
        var density = 0.0
        for c in 0..<k {
            let r = (0..<d).map { p.x[i * d + $0] - theta[k + c * d + $0] }
            var quadratic = 0.0
            for a in 0..<d {
                for b in 0..<d { quadratic += r[a] * precisions[c][a][b] * r[b] }
            }
            density += weights[c] / total * exp(-quadratic / 2 + logDeterminants[c] / 2) / pow(2 * Double.pi, Double(d) / 2)
        }
        likelihood += log(density)
    }
    let dof = Double(d + p.m + 1)
    var prior = 0.0
    for c in 0..<k {
        prior += (dof - Double(d) - 1) / 2 * logDeterminants[c] - p.gamma * p.gamma / 2 * frobenius[c]
            - dof * Double(d) / 2 * log(2.0) + dof * Double(d) * log(p.gamma)
            - GMMEval.logMultivariateGamma(dof / 2, d)
    }
    return likelihood + prior
}

@Test func gmmObjectiveMatchesTheDefinition() {
    for (d, k) in [(1, 2), (2, 3), (3, 2)] {
        let (problem, theta) = smallGMM(d: d, k: k, n: 5, seed: UInt64(10 * d + k))
        let value = GMMEval.objective(theta, problem)
        #expect(abs(value - naiveLogPosterior(theta, problem)) < 1e-9 * max(1, abs(value)), "d=\(d) k=\(k)")
    }
}

@Test func logMultivariateGammaOfDimensionOneIsLogGamma() {
    #expect(abs(GMMEval.logMultivariateGamma(3.5, 1) - lgamma(3.5)) < 1e-14)
    // Γ₂(a) = √π Γ(a) Γ(a − ½)
    #expect(abs(GMMEval.logMultivariateGamma(2, 2) - (0.5 * log(Double.pi) + lgamma(2) + lgamma(1.5))) < 1e-14)
}

@Test func gmmChunkedGradientMatchesForwardModeAndFiniteDifferences() {
    let (problem, theta) = smallGMM(d: 3, k: 2, n: 7, seed: 4)
    let g = GMMEval.gradient(theta, problem)
    #expect(agree(GMMEval.gradient(theta, problem, pointsPerChunk: 3), g, tolerance: 1e-13))
    let forward = forwardGradient(at: theta) { GMMEval.objective($0, problem) }
    #expect(agree(g, forward, tolerance: 1e-11))
    let numeric = finiteDifferenceGradient(theta, h: 1e-6) { GMMEval.objective($0, problem) }
    #expect(agree(g, numeric, tolerance: 1e-6))
}

@Test func gmmJacobianHasTheDocumentedShape() throws {
    let input: JSONValue = .object([
        "d": .number(2), "k": .number(2), "n": .number(2), "m": .number(0), "gamma": .number(1),
        "x": .array([.numbers([0.1, 0.2]), .numbers([-0.3, 0.4])]),
        "alpha": .numbers([0.5, -0.5]), "mu": .array([.numbers([0, 0]), .numbers([1, 1])]),
        "q": .array([.numbers([0.1, 0.2]), .numbers([0.3, -0.1])]), "l": .array([.numbers([0.5]), .numbers([-0.5])]),
    ])
    let output = try evaluateOnce(GMMEval.self, "jacobian", input)
    #expect(output["alpha"]?.array?.count == 2)
    #expect(output["mu"]?.array?.map { $0.array?.count } == [2, 2])
    #expect(output["q"]?.array?.map { $0.array?.count } == [2, 2])
    #expect(output["l"]?.array?.map { $0.array?.count } == [1, 1])
    // The α gradient of the likelihood part sums to zero (softmax invariance); only the prior
    // terms do not involve α, so Σ ∂/∂αₖ = 0.
    let alpha = (output["alpha"]?.array ?? []).compactMap(\.number)
    #expect(abs(alpha.reduce(0, +)) < 1e-12)
}

@Test func gmmTensorPathMatchesTheScalarPath() throws {
    for (d, k, n, seed) in [(1, 2, 5, 41), (2, 3, 7, 42), (4, 5, 30, 43), (10, 3, 12, 44)] as [(Int, Int, Int, UInt64)] {
        let (problem, theta) = smallGMM(d: d, k: k, n: n, seed: seed)
        let scalar = GMMEval.gradient(theta, problem)
        #expect(agree(try GMMEval.tensorGradient(theta, problem), scalar, tolerance: 1e-12))
    }
}
