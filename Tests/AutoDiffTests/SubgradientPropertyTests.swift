import Testing
import PropertyBased
import AutoDiff

/// Properties of subdifferentials that hold for whole families of functions: the one-variable
/// one-sided mode and the set rules agree, and for convex functions every extreme point is a true
/// subgradient, f(y) ≥ f(x) + g·(y − x).
@Suite struct SubgradientPropertyTests {
    /// Kinked functions of one variable, several kinks meeting at 0 and at 1.
    static func oneVariable<T: Scalar>(_ kind: Int, _ x: T) -> T {
        switch kind {
        case 0: return abs(x) + abs(x - 1)
        case 1: return max(x, 2 * x, x * x) - relu(x - 1)
        case 2: return relu(x) - relu(-x) + 3 * abs(x - 1)
        case 3: return min(abs(x), relu(2 * x - 1) + 0.5)
        case 4: return abs(abs(x) - 1) * (x + 2)
        default: return -max(-x, 0.5 * x) + sqrt(x * x + 1)
        }
    }

    @Test(arguments: 0..<6)
    func oneSidedModeAndSetRulesAgreeInOneVariable(kind: Int) throws {
        for x in [-1.5, -1, -0.5, 0, 0.5, 1, 2] {
            let directional = subdifferential(at: x) { Self.oneVariable(kind, $0) }
            let set = try subdifferential(at: [x]) { Self.oneVariable(kind, $0[0]) }
            #expect(directional.extremePoints == set.extremePoints, "kind \(kind) at \(x)")
            #expect(directional.exact && set.exact)
        }
    }

    /// A convex function of two variables with many kinks through the origin.
    static func convex<T: Scalar>(_ v: [T]) -> T {
        let pieces: T = max(abs(v[0] - v[1]), 2 * v[0] + v[1], -v[0])
        return pieces + relu(v[1]) + abs(v[0] + 2 * v[1]) + 0.5 * v[0] * v[0]
    }

    static func plainConvex(_ v: [Double]) -> Double { convex(v) }

    @Test func convexFunctionsHaveExactSetsOfTrueSubgradients() async throws {
        let points: [[Double]] = [[0, 0], [1, 1], [0.5, -1], [-1, 2], [0, 0.5]]
        for x in points {
            let s = try subdifferential(at: x, of: Self.convex)
            #expect(s.exact, "at \(x)")
            await propertyCheck(count: 40, input: Gen.double(in: -2...2), Gen.double(in: -2...2)) { a, b in
                let y = [x[0] + a, x[1] + b]
                for g in s.extremePoints {
                    let bound = Self.plainConvex(x) + g[0] * a + g[1] * b
                    #expect(Self.plainConvex(y) >= bound - 1e-12, "g = \(g) at \(x), y = \(y)")
                }
            }
        }
    }

    @Test func policyGradientsOfConvexFunctionsAreSubgradients() throws {
        // For sums and maxima of convex pieces the chain rule with any policy's choice at each kink
        // lands in the (exact) subdifferential, so the gradient check passes under every policy.
        let s = try subdifferential(at: [0.0, 0.0], of: Self.convex)
        #expect(s.extremePoints.count >= 3)
        for policy in KinkPolicy.allCases {
            let check = try withKinkPolicy(policy) { try checkGradient(at: [0.0, 0.0], of: Convex()) }.result
            let g = withKinkPolicy(policy) { gradient(at: [0.0, 0.0], of: Self.convex) }.result
            #expect(check.ok, "\(policy): \(check)")
            #expect(check.gradient == g)
            #expect(check.subdifferential == s)
            #expect(check.kinks.count == 5) // max's two ties, relu, two abs
        }
    }
}

/// `SubgradientPropertyTests.convex` as a `ScalarFunction`.
struct Convex: ScalarFunction {
    func callAsFunction<T: Scalar>(_ x: [T]) -> T { SubgradientPropertyTests.convex(x) }
}
