import Testing
import AutoDiff

/// The extended Rosenbrock function as a `ScalarFunction`.
struct Rosenbrock: ScalarFunction {
    func callAsFunction<T: Scalar>(_ x: [T]) -> T { rosenbrock(x) }
}

/// ‖w‖², the article's example.
struct SquaredNorm: ScalarFunction {
    func callAsFunction<T: Scalar>(_ w: [T]) -> T { w.reduce(0) { $0 + $1 * $1 } }
}

/// ‖w‖, whose gradient at 0 is NaN (∞·0 in the chain rule).
struct EuclideanNorm: ScalarFunction {
    func callAsFunction<T: Scalar>(_ w: [T]) -> T { sqrt(w.reduce(0) { $0 + $1 * $1 }) }
}

/// A function given by a generic body and a name.
struct Kinked: ScalarFunction {
    let kind: Int
    func callAsFunction<T: Scalar>(_ v: [T]) -> T {
        switch kind {
        case 0: return relu(v[0]) + abs(v[0] - 1)            // relu′(0) = 0 but central FD says ½
        case 1: return max(v[0], v[1]) + v[0] * v[1]
        case 2: return relu(v[0]) - relu(-v[0])              // = x, but AD at 0 gives 0
        case 3: return abs(v[0]) + abs(v[1]) + 0.5 * v[2] * v[2]
        default: return relu(v[0] - 1e-9) * 3                // a kink 1e-9 away from x = 0
        }
    }
}

/// A user bug: the value is rebuilt from `doubleValue`, which drops the derivative.
struct DetachedBranch: ScalarFunction {
    func callAsFunction<T: Scalar>(_ v: [T]) -> T {
        let y = v[0] * v[0]
        return y > 1 ? T(y.doubleValue) + v[1] : y + v[1]
    }
}

/// A function that throws for the wrong number of inputs.
struct Pair: ScalarFunction {
    func callAsFunction<T: Scalar>(_ v: [T]) throws -> T {
        try requireCount(v, 2, "pair")
        return v[0] * v[1]
    }
}

@Suite struct GradientCheckTests {
    @Test func smoothFunctionPasses() throws {
        let check = try checkGradient(at: [0.3, -1.2, 2.0, 0.7], of: Rosenbrock())
        #expect(check.ok)
        #expect(check.kinks.isEmpty)
        #expect(check.maxRelativeError < 1e-7)
        #expect(check.worstCoordinate != nil)
        #expect(check.gradient == gradient(at: [0.3, -1.2, 2.0, 0.7], of: rosenbrock))
    }

    @Test func perCoordinateStepHandlesLargeAndSmallScales() throws {
        // At 1e12 a fixed step of 6e-6 is below one ulp (the quotient would be 0/0); the scaled step is not.
        let check = try checkGradient(at: [1e12, -3e11], of: SquaredNorm())
        #expect(check.ok, "\(check)")
        #expect(check.maxRelativeError < 1e-9)
        #expect(try checkGradient(at: [2e-12, 3], of: SquaredNorm()).ok)
        #expect(try checkGradient(at: [1e3, -3e-7, 42], of: Rosenbrock()).ok)
    }

    @Test func detachedDerivativeIsCaught() throws {
        let check = try checkGradient(at: [2.0, 1.0], of: DetachedBranch())
        #expect(!check.ok)
        #expect(check.worstCoordinate == 0)
        #expect(check.gradient == [0, 1])
        #expect(Swift.abs(check.numericalGradient[0] - 4) < 1e-6)
        #expect(check.maxAbsoluteError > 3.9)
    }

    @Test func reluKinkIsNotAFalseAlarm() throws {
        // Central differences give relu′ ≈ ½ at 0; the AD gradient 0 − 1 = −1 is a subgradient.
        let check = try checkGradient(at: [0.0], of: Kinked(kind: 0))
        #expect(check.ok, "\(check)")
        #expect(check.kinks.map(\.description) == ["relu(0)"])
        #expect(check.leftDerivatives == [-1])
        #expect(check.rightDerivatives == [0])
        #expect(check.subdifferential?.interval == -1...0)
        #expect(check.maxAbsoluteError < 1e-8)
    }

    @Test func maxTieInTwoVariablesPasses() throws {
        let check = try checkGradient(at: [1.0, 1.0], of: Kinked(kind: 1))
        #expect(check.ok, "\(check)")
        #expect(check.gradient == [1.5, 1.5])
        #expect(check.rightDerivatives == [2, 2])
        #expect(check.leftDerivatives == [1, 1])
    }

    @Test func policyChoiceThatIsNotASubgradientFails() throws {
        // relu(x) − relu(−x) is x: its derivative at 0 is 1, but the chain rule with relu′(0) = 0 gives 0.
        let check = try checkGradient(at: [0.0], of: Kinked(kind: 2))
        #expect(!check.ok)
        #expect(check.gradient == [0])
        #expect(check.subdifferential?.extremePoints == [[1]])
        #expect(check.note.contains("is not in the subdifferential {1}"))
    }

    @Test func normOneAtTheOriginPasses() throws {
        for policy in KinkPolicy.allCases {
            let check = try withKinkPolicy(policy) { try checkGradient(at: [0.0, 0.0, 1.0], of: Kinked(kind: 3)) }.result
            #expect(check.ok, "\(policy): \(check)")
            #expect(check.kinks.count == 2)
        }
    }

    @Test func kinkWithinTheStepIsHandled() throws {
        let check = try checkGradient(at: [0.0], of: Kinked(kind: 4))
        #expect(check.ok, "\(check)")
        #expect(check.gradient == [0])
        #expect(check.note.contains("smaller steps"))
    }

    @Test func nonFiniteGradientPointsToTheExplanation() throws {
        let check = try checkGradient(at: [0.0, 0.0], of: EuclideanNorm())
        #expect(!check.ok)
        #expect(check.worstCoordinate == 0)
        #expect(check.note == "the AD gradient is not finite (nan at x[0]); explainNonFinite(at:of:) says where it came from")
    }

    @Test func badInputsThrow() {
        #expect(throws: AutoDiffError.empty(what: "point")) { try checkGradient(at: [], of: Rosenbrock()) }
        #expect(throws: AutoDiffError.nonFinite(what: "point", index: 1, value: .infinity)) {
            try checkGradient(at: [1, .infinity], of: Rosenbrock())
        }
        #expect(throws: AutoDiffError.dimensionMismatch(what: "pair", expected: 2, actual: 3)) {
            try checkGradient(at: [1, 2, 3], of: Pair())
        }
    }
}
