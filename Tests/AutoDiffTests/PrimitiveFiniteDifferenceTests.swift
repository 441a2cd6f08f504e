import Testing
import PropertyBased
import AutoDiff

/// The domain a primitive is tested on, and how far from its kink or pole a point must be.
func testDomain(_ op: Unary) -> (range: ClosedRange<Double>, avoid: Double) {
    switch op {
    case .sqrt, .log, .power: return (0.05...6, 0)
    case .log1p: return (-0.9...6, 0)
    case .tan: return (-1.3...1.3, 0)
    case .abs, .relu: return (-4...4, 1e-3)
    case .powInt(let n) where n < 0: return (-4...4, 0.2)
    default: return (-4...4, 0)
    }
}

/// The operand ranges a binary primitive is tested on (pow needs a positive base).
func testDomain(_ op: Binary) -> (a: ClosedRange<Double>, b: ClosedRange<Double>) {
    op == .pow ? (0.1...4, -3...3) : (-4...4, -4...4)
}

/// Whether (a, b) is too close to a binary primitive's pole (divide) or kink (max, min) to test there.
func nearPoleOrKink(_ op: Binary, _ a: Double, _ b: Double) -> Bool {
    (op == .divide && Swift.abs(b) < 0.2) || ((op == .max || op == .min) && Swift.abs(a - b) < 1e-3)
}

/// The central difference of `f` at `x` with a step scaled to x.
func centralDifference(at x: Double, _ f: (Double) -> Double) -> Double {
    let h = 1e-6 * Swift.max(1, Swift.abs(x))
    let (up, down) = (x + h, x - h)
    return (f(up) - f(down)) / (up - down)
}

/// Whether `estimate` agrees with `exact` to `tolerance`, relative to max(1, |exact|).
func close(_ exact: Double, _ estimate: Double, tolerance: Double = 1e-6) -> Bool {
    Swift.abs(exact - estimate) <= tolerance * Swift.max(1, Swift.abs(exact))
}

/// Every primitive of the rule table against central finite differences at random points of its
/// domain (property-based), and forward mode against reverse mode everywhere.
@Suite struct PrimitiveFiniteDifferenceTests {
    @Test(arguments: Unary.samples)
    func unaryPrimitiveMatchesFiniteDifferences(op: Unary) async {
        let (range, avoid) = testDomain(op)
        await propertyCheck(count: 60, input: Gen.double(in: range)) { x in
            guard Swift.abs(x) >= avoid else { return }
            let forward = derivative(at: x) { Dual.apply(op, $0) }
            let reverse = gradient(at: [x]) { Reverse.apply(op, $0[0]) }[0]
            let numeric = centralDifference(at: x) { op.evaluate($0) }
            #expect(forward == reverse, "\(op) at \(x)")
            #expect(close(forward, numeric), "\(op) at \(x): AD \(forward), finite differences \(numeric)")
        }
    }

    @Test(arguments: Unary.samples)
    func unarySecondDerivativeMatchesFiniteDifferencesOfTheFirst(op: Unary) async {
        // Nested forward mode evaluates the table on dual numbers; compare with differences of the first derivative.
        let (range, avoid) = testDomain(op)
        await propertyCheck(count: 30, input: Gen.double(in: range)) { x in
            guard Swift.abs(x) >= avoid else { return }
            let second = derivative(at: x) { y in derivative(at: y) { Dual.apply(op, $0) } }
            let reverseOverForward = gradient(at: [x]) { y in derivative(at: y[0]) { Dual.apply(op, $0) } }[0]
            let numeric = centralDifference(at: x) { y in derivative(at: y) { Dual.apply(op, $0) } }
            #expect(close(second, reverseOverForward, tolerance: 1e-12), "\(op) at \(x)") // rounding order differs
            #expect(close(second, numeric, tolerance: 1e-5), "\(op)″ at \(x): AD \(second), finite differences \(numeric)")
        }
    }

    @Test(arguments: Binary.allCases)
    func binaryPrimitiveMatchesFiniteDifferences(op: Binary) async {
        let domain = testDomain(op)
        await propertyCheck(count: 60, input: Gen.double(in: domain.a), Gen.double(in: domain.b)) { a, b in
            if nearPoleOrKink(op, a, b) { return }
            let reverse = gradient(at: [a, b]) { v in Reverse.apply(op, v[0], v[1]) }
            let forward = forwardGradient(at: [a, b]) { v in Dual.apply(op, v[0], v[1]) }
            let numeric = [centralDifference(at: a) { op.evaluate($0, b) }, centralDifference(at: b) { op.evaluate(a, $0) }]
            #expect(forward == reverse, "\(op) at (\(a), \(b))")
            #expect(close(reverse[0], numeric[0]) && close(reverse[1], numeric[1]),
                    "\(op) at (\(a), \(b)): AD \(reverse), finite differences \(numeric)")
        }
    }

    @Test func composedFunctionForwardEqualsReverse() async {
        func f<T: Scalar>(_ v: [T]) -> T {
            let s = sigmoid(v[0] * v[1]) + softplus(v[2] - v[0])
            let damped: T = tanh(s) * exp(-v[1] * v[1])
            let ratio: T = log1p(v[2] * v[2]) / (2 + sin(v[0]))
            let power: T = pow(abs(v[1]) + 1, 2.5)
            return damped + ratio + power
        }
        await propertyCheck(count: 50, input: Gen.double(in: -3...3), Gen.double(in: -3...3), Gen.double(in: -3...3)) { x, y, z in
            let p = [x, y, z]
            let reverse = gradient(at: p, of: f)
            let forward = forwardGradient(at: p, of: f)
            for i in 0..<3 {
                #expect(close(reverse[i], forward[i], tolerance: 1e-13), "∂\(i) at \(p)")
                var q = p
                let numeric = centralDifference(at: p[i]) { t in q[i] = t; return f(q) }
                #expect(close(reverse[i], numeric), "∂\(i) at \(p): AD \(reverse[i]), finite differences \(numeric)")
            }
        }
    }
}
