import AutoDiff
import PropertyBased
import Testing

// Functions differentiated by `@ReverseGradient`; each is also evaluated on the tape (`Reverse`),
// which is the independent reference: same rule table, different mechanism.

@ReverseGradient(wrt: "x", "y")
func productPlusSine<T: Scalar>(_ x: T, _ y: T, _ c: T) -> T { x * y + sin(c * x) }

/// The saddle eval's function, differentiated in y only.
@ReverseGradient(wrt: "y1", "y2")
func saddle<T: Scalar>(x1: T, x2: T, y1: T, y2: T) -> T {
    (x1 * x1 + x2 * x2) - (y1 * y1 + y2 * y2)
}

/// A potential with `var`s, compound assignment and inactive code of any kind.
@ReverseGradient(wrt: "px", "py")
func potential<T: Scalar>(px: T, py: T, charges: [(T, T)]) -> T {
    var total: T = 0
    let (c0x, c0y) = (charges[0].0, charges[0].1)
    let d0x = px - c0x, d0y = py - c0y
    total += 1 / sqrt(d0x * d0x + d0y * d0y)
    let d1x = px - charges[1].0
    let d1y = py - charges[1].1
    total += 1 / sqrt(d1x * d1x + d1y * d1y)
    return total
}

/// Every unary primitive, every `pow`, `max`, `min` and the four operators, with constants.
@ReverseGradient(wrt: "a", "b")
@ForwardGradient(wrt: "a", "b")
func everyPrimitive<T: Scalar>(_ a: T, _ b: T, scale: T) -> T {
    var u = exp(a) + log(b)
    u += log1p(b) + expm1(a)
    u += sin(a) * cos(b) + tan(a) / tanh(b)
    var v = sigmoid(a) - softplus(b)
    v = v + abs(a) * relu(b) + sqrt(b) - -a
    var w = pow(a, 3) + pow(b, 2.5)
    w += pow(b, a) + pow(scale, a) + pow(a, scale)
    let extremes = max(a, b) + min(a, 0.5)
    w *= extremes + max(2, b)
    w -= u / v
    w /= scale * 2 + b
    return w + u * v
}

/// Kinks: |x| and ReLU at 0, max at a tie.
@ReverseGradient(wrt: "x", "y")
func kinked<T: Scalar>(_ x: T, _ y: T) -> T { abs(x) + relu(y) + max(x, y) }

@ReverseGradient(wrt: "x")
func cube<T: Scalar>(_ x: T) -> T { x * x * x }

@ReverseGradient(wrt: "x", "y")
func firstOnly<T: Scalar>(_ x: T, _ y: T) -> T { x }

@ReverseGradient
func noArguments<T: Scalar>(_ x: T, _ y: T, count: Int) -> T {
    let k = T(Double(count))
    return k * x * y
}

@ReverseGradient(wrt: "x")
func constantInX<T: Scalar>(_ x: T, _ y: T) -> T { y * y }

@Suite("@ReverseGradient")
struct ReverseGradientMacroTests {
    @Test("closed form: ∂(xy + sin cx) = (y + c cos cx, x)")
    func closedForm() {
        let (value, g) = productPlusSineGradient(1.0, 2.0, 3.0)
        #expect(value == 1 * 2 + sin(3.0))
        #expect(g.x == 2 + 3 * cos(3.0))
        #expect(g.y == 1)
    }

    @Test("saddle: ∇y = −2y, the x part is constant")
    func saddleFunction() {
        let g = saddleGradient(x1: 3.0, x2: -1.0, y1: 0.5, y2: 2.0).gradient
        #expect(g.y1 == -1 && g.y2 == -4)
    }

    @Test("equals the tape's gradient to the last bit, for every primitive", arguments: 0..<1)
    func everyPrimitiveMatchesTape(_: Int) async {
        await propertyCheck(count: 60, input: Gen.double(in: 0.1...1.5).array(of: 3...3)) { p in
            let (a, b, scale) = (p[0], p[1], p[2] + 0.2)
            let compiled = everyPrimitiveGradient(a, b, scale: scale)
            let taped = valueWithGradient(at: [a, b]) { v in everyPrimitive(v[0], v[1], scale: Reverse(constant: scale)) }
            #expect(compiled.value == taped.value)
            #expect(compiled.gradient.a == taped.gradient[0])
            #expect(compiled.gradient.b == taped.gradient[1])
        }
    }

    @Test("a potential with vars and compound assignment: the tape's gradient and finite differences")
    func potentialFunction() async {
        await propertyCheck(count: 40, input: Gen.double(in: -3...3).array(of: 2...2)) { p in
            let charges = [(5.0, 5.0), (-4.0, 1.0)]
            let compiled = potentialGradient(px: p[0], py: p[1], charges: charges)
            let taped = valueWithGradient(at: p) { v in
                potential(px: v[0], py: v[1], charges: charges.map { (Reverse(constant: $0.0), Reverse(constant: $0.1)) })
            }
            #expect(compiled.value == potential(px: p[0], py: p[1], charges: charges))
            #expect(compiled.gradient.px == taped.gradient[0] && compiled.gradient.py == taped.gradient[1])
            let h = 1e-6
            let fdx = (potential(px: p[0] + h, py: p[1], charges: charges) - potential(px: p[0] - h, py: p[1], charges: charges)) / (2 * h)
            #expect(abs(fdx - compiled.gradient.px) <= 1e-6 * max(1, abs(fdx)))
        }
    }

    @Test("kinks follow the kink policy, as on the tape")
    func kinks() {
        let compiled = kinkedGradient(0.0, 0.0).gradient
        let taped = gradient(at: [0.0, 0.0]) { v in kinked(v[0], v[1]) }
        #expect([compiled.x, compiled.y] == taped)
        let lower = withKinkPolicy(.lower) { kinkedGradient(0.0, 0.0).gradient }
        let tapedLower = withKinkPolicy(.lower) { gradient(at: [0.0, 0.0]) { v in kinked(v[0], v[1]) } }
        #expect([lower.result.x, lower.result.y] == tapedLower.result)
        #expect(lower.result.x != compiled.x || lower.result.y != compiled.y)
        // The same three kinks are hit (|x| at 0, ReLU at 0, max at a tie), and logged.
        #expect(lower.kinks.count == 3 && lower.kinks.count == tapedLower.kinks.count)
    }

    @Test("one parameter: the gradient is a scalar; x·x·x → 3x²")
    func singleParameter() {
        let (value, g) = cubeGradient(2.0)
        #expect(value == 8 && g == 12)
    }

    @Test("the result is a parameter, or does not depend on the parameter")
    func trivialResults() {
        let g = firstOnlyGradient(3.0, 4.0).gradient
        #expect(g.x == 1 && g.y == 0)
        let (value, d) = constantInXGradient(3.0, 4.0)
        #expect(value == 16 && d == 0)
    }

    @Test("without wrt: every parameter of the result's type")
    func defaultParameters() {
        let (value, g) = noArgumentsGradient(2.0, 5.0, count: 3)
        #expect(value == 30 && g.x == 15 && g.y == 6)
    }

    @Test("nested: on MultiDual it is forward-over-reverse (the Hessian of the tape's hessian)")
    func forwardOverReverse() {
        let x = [0.7, 1.3]
        let scale = 0.9
        let tapeHessian = hessian(at: x) { v in everyPrimitive(v[0], v[1], scale: Reverse(constant: Dual(constant: scale))) }
        let seeded = valueWithForwardGradient(at: [x[0], x[1]] as InlineArray<2, Double>) { v in
            everyPrimitiveGradient(v[0], v[1], scale: MultiDual(constant: scale)).gradient.a
        }
        #expect(abs(seeded.gradient[0] - tapeHessian[0][0]) <= 1e-9 * abs(tapeHessian[0][0]))
        #expect(abs(seeded.gradient[1] - tapeHessian[0][1]) <= 1e-9 * abs(tapeHessian[0][1]))
    }

    @Test("nested: on Reverse it is reverse-over-reverse")
    func reverseOverReverse() {
        // ∂/∂x of ∂(x y + sin cx)/∂y = ∂x/∂x = 1, and ∂/∂c of ∂/∂x = cos cx − c x sin cx.
        let g = gradient(at: [1.0, 2.0, 3.0]) { v in productPlusSineGradient(v[0], v[1], v[2]).gradient.x }
        #expect(g[0] == -9 * sin(3.0))
        #expect(g[1] == 1)
        #expect(abs(g[2] - (cos(3.0) - 3 * sin(3.0))) <= 1e-15)
    }
}

/// A piecewise function: a `var` assigned in the arms, an `else if`, and code after the `if`.
@ReverseGradient(wrt: "x", "y")
func piecewise<T: Scalar>(_ x: T, _ y: T) -> T {
    let s = x * x + y * y
    var scale: T = 1
    if s > 4 {
        scale = 2 / sqrt(s)
    } else if x < 0 {
        scale = exp(x) * y
    }
    return scale * (x - y)
}

/// Rodrigues-style: the first-order formula at angle 0, the full one elsewhere; two results.
@ReverseGradient(wrt: "r", "p", "q")
@ForwardGradient(wrt: "r", "p", "q")
func rotatePlane<T: Scalar>(r: T, p: T, q: T) -> (T, T) {
    let squared = r * r
    if squared != 0 {
        let c = cos(r), s = sin(r)
        return (p * c - q * s, p * s + q * c)
    }
    return (p - r * q, q + r * p)
}

@Suite("@ReverseGradient with branches and tuple results")
struct ReverseGradientBranchTests {
    @Test("every path equals the tape's gradient to the last bit")
    func branchesMatchTheTape() async {
        await propertyCheck(count: 80, input: Gen.double(in: -3...3).array(of: 2...2)) { p in
            let compiled = piecewiseGradient(p[0], p[1])
            let taped = valueWithGradient(at: p) { v in piecewise(v[0], v[1]) }
            #expect(compiled.value == taped.value)
            #expect(compiled.gradient.x == taped.gradient[0] && compiled.gradient.y == taped.gradient[1])
        }
        // One point on each path, so that none is left to chance.
        for p in [[3.0, 0], [-1, 0.5], [1, 0.5]] {
            let g = piecewiseGradient(p[0], p[1]).gradient
            #expect([g.x, g.y] == gradient(at: p) { v in piecewise(v[0], v[1]) })
        }
    }

    @Test("a tuple result's Jacobian equals the tape's, on both paths")
    func jacobianMatchesTheTape() throws {
        for point in [[0.4, 1.5, -2.0], [0.0, 1.5, -2.0]] {
            let (value, rows) = rotatePlaneJacobian(r: point[0], p: point[1], q: point[2])
            let tape = try jacobian(at: point) { v in
                let (a, b) = rotatePlane(r: v[0], p: v[1], q: v[2])
                return [a, b]
            }
            #expect([value.0, value.1] == [rotatePlane(r: point[0], p: point[1], q: point[2])].flatMap { [$0.0, $0.1] })
            #expect([rows.0.r, rows.0.p, rows.0.q] == tape[0])
            #expect([rows.1.r, rows.1.p, rows.1.q] == tape[1])
        }
        // At angle 0 the first-order path: ∂(p − r q)/∂r = −q.
        #expect(rotatePlaneJacobian(r: 0.0, p: 1.5, q: -2.0).jacobian.0.r == 2)
    }
}

@Suite("@ForwardGradient")
struct ForwardGradientMacroTests {
    @Test("equals MultiDual's gradient for every primitive (bit for bit away from infinite partials)")
    func everyPrimitiveMatchesMultiDual() async {
        await propertyCheck(count: 60, input: Gen.double(in: 0.1...1.5).array(of: 3...3)) { p in
            let (a, b, scale) = (p[0], p[1], p[2] + 0.2)
            let compiled = everyPrimitiveForwardGradient(a, b, scale: scale)
            let dual = valueWithForwardGradient(at: [a, b] as InlineArray<2, Double>) { v in
                everyPrimitive(v[0], v[1], scale: MultiDual(constant: scale))
            }
            #expect(compiled.value == dual.value)
            #expect(compiled.gradient.a == dual.gradient[0] && compiled.gradient.b == dual.gradient[1])
            let reverse = everyPrimitiveGradient(a, b, scale: scale).gradient
            #expect(abs(compiled.gradient.a - reverse.a) <= 1e-12 * max(1, abs(reverse.a)))
        }
    }

    @Test("tuple results and branches: the Jacobian equals the reverse macro's on both paths")
    func jacobianAndBranches() {
        for r in [0.4, 0.0] {
            let forward = rotatePlaneForwardJacobian(r: r, p: 1.5, q: -2.0)
            let reverse = rotatePlaneJacobian(r: r, p: 1.5, q: -2.0)
            #expect(forward.value == reverse.value)
            #expect([forward.jacobian.0.r, forward.jacobian.0.p, forward.jacobian.0.q]
                    == [reverse.jacobian.0.r, reverse.jacobian.0.p, reverse.jacobian.0.q])
            #expect([forward.jacobian.1.r, forward.jacobian.1.p, forward.jacobian.1.q]
                    == [reverse.jacobian.1.r, reverse.jacobian.1.p, reverse.jacobian.1.q])
        }
    }
}

/// A Runge–Kutta-like step whose results feed one another (two of them are also read by the
/// first): the shape of a scan body with carried values.
@ReverseGradient(wrt: "x", "previousY", "y", "k1", "k2")
func carriedStages<T: Scalar>(x: T, previousY: T, y: T, k1: T, k2: T, h: Double) -> (T, T, T) {
    let a = x * previousY
    let b = x * (previousY + T(h / 2) * k1)
    let c = exp(x * (previousY + T(h) * k2))
    return (y + T(h / 6) * a + T(h / 3) * b + T(h / 6) * c, a, b)
}

@ReverseGradient(wrt: "x", "y")
func productAndSum<T: Scalar>(_ x: T, _ y: T) -> (T, T) { (x * y, x + y) }

@Suite("@ReverseGradient's pullback (one sweep from the results' cotangents)")
struct ReverseGradientPullbackTests {
    @Test("equals the tape's pullback to the last bit, and Jacobianᵀ·v to rounding")
    func matchesTheTapeAndTheJacobian() async {
        await propertyCheck(count: 60, input: Gen.double(in: -1.5...1.5).array(of: 8...8)) { p in
            let h = 0.1
            let cotangent = (p[5], p[6], p[7])
            let (value, g) = carriedStagesPullback(x: p[0], previousY: p[1], y: p[2], k1: p[3], k2: p[4], h: h,
                                                   cotangent: cotangent)
            let taped = valueWithPullback(at: Array(p[0..<5])) { v in
                let r = carriedStages(x: v[0], previousY: v[1], y: v[2], k1: v[3], k2: v[4], h: h)
                return [r.0, r.1, r.2]
            }
            let tapeGradient = (try? taped.pullback([p[5], p[6], p[7]])) ?? []
            let compiled = [g.x, g.previousY, g.y, g.k1, g.k2]
            #expect([value.0, value.1, value.2] == taped.value)
            #expect(compiled == tapeGradient)
            // Jacobianᵀ·v sums the rows after their sweeps, the pullback before: the same to rounding.
            let rows = carriedStagesJacobian(x: p[0], previousY: p[1], y: p[2], k1: p[3], k2: p[4], h: h).jacobian
            let jx = cotangent.0 * rows.0.x + cotangent.1 * rows.1.x + cotangent.2 * rows.2.x
            let jk1 = cotangent.0 * rows.0.k1 + cotangent.1 * rows.1.k1 + cotangent.2 * rows.2.k1
            #expect(abs(g.x - jx) <= 1e-14 * max(1, abs(jx)))
            #expect(abs(g.k1 - jk1) <= 1e-14 * max(1, abs(jk1)))
        }
    }

    @Test("on both paths of a branch: the tape's pullback; a unit cotangent gives the Jacobian's row")
    func branches() throws {
        for point in [[0.4, 1.5, -2.0], [0.0, 1.5, -2.0]] {
            let (value, g) = rotatePlanePullback(r: point[0], p: point[1], q: point[2], cotangent: (0.25, -3))
            let taped = valueWithPullback(at: point) { v in
                let (a, b) = rotatePlane(r: v[0], p: v[1], q: v[2])
                return [a, b]
            }
            #expect([value.0, value.1] == taped.value)
            #expect([g.r, g.p, g.q] == (try taped.pullback([0.25, -3])))
            let row = rotatePlaneJacobian(r: point[0], p: point[1], q: point[2]).jacobian.1
            let unit = rotatePlanePullback(r: point[0], p: point[1], q: point[2], cotangent: (0, 1)).gradient
            #expect([unit.r, unit.p, unit.q] == [row.r, row.p, row.q])
        }
    }

    @Test("closed form: (xy, x + y) pulled back along (1, 10) is (y + 10, x + 10)")
    func closedForm() {
        let (value, g) = productAndSumPullback(2.0, 3.0, cotangent: (1, 10))
        #expect(value == (6, 5))
        #expect(g.x == 13 && g.y == 12)
    }
}
