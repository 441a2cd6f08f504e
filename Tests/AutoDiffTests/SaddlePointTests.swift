import Testing
import AutoDiff

/// Which mode computes a gradient.
enum Mode: CaseIterable, Sendable, CustomStringConvertible {
    case forward, reverse
    var description: String { self == .forward ? "f" : "r" }
}

/// The gradient of `f` at `x` in `mode`, for any scalar level T (so it can run inside another
/// differentiation): `forwardGradient` on `Dual<T>` or `gradient` on `Reverse<T>`.
func gradient<T: Scalar>(_ mode: Mode, at x: [T], of f: SaddleObjective, given p: [T]) -> [T] {
    switch mode {
    case .forward: forwardGradient(at: x) { q in f(p.map { Dual(constant: $0) }, q) }
    case .reverse: gradient(at: x) { q in f(p.map { Reverse(constant: $0) }, q) }
    }
}

/// An objective f(p, q) written once for every scalar type.
struct SaddleObjective: Sendable {
    let kind: Int
    func callAsFunction<T: Scalar>(_ p: [T], _ q: [T]) -> T {
        switch kind {
        case 0: // GradBench's saddle: (x₁² + y₁²) − (x₂² + y₂²) with p = (x₁, y₁), q = (x₂, y₂)
            return (p[0] * p[0] + p[1] * p[1]) - (q[0] * q[0] + q[1] * q[1])
        default: // coupled: the inner optimum q = p moves with p; max_q is p² exactly
            return p[0] * p[0] - (q[0] - p[0]) * (q[0] - p[0])
        }
    }
    static let saddle = SaddleObjective(kind: 0)
    static let coupled = SaddleObjective(kind: 1)
}

/// max over q of f(p, q) by `steps` of gradient ascent from `start` with step `rate` (stopping
/// early once the gradient vanishes); its value is differentiable in p through every step.
func innerMaximum<T: Scalar>(_ f: SaddleObjective, _ mode: Mode, p: [T], start: [Double],
                             rate: Double = 0.25, steps: Int = 200) -> T {
    var q = start.map { T($0) }
    for _ in 0..<steps {
        let g = gradient(mode, at: q, of: f, given: p)
        if g.allSatisfy({ Swift.abs($0.doubleValue) < 1e-13 }) { break }
        q = zip(q, g).map { $0 + T(rate) * $1 }
    }
    return f(p, q)
}

/// min over p of max over q of f, by gradient descent on p whose gradient differentiates through
/// the inner ascent (outer mode × inner mode); then the argmax q at the final p, non-nested, in
/// the outer mode. Returns p and q concatenated (GradBench's output).
func saddlePoint(_ f: SaddleObjective, outer: Mode, inner: Mode, start: [Double]) -> [Double] {
    var p = start
    for _ in 0..<200 {
        let g: [Double] = switch outer {
        case .forward: forwardGradient(at: p) { x in innerMaximum(f, inner, p: x, start: start) }
        case .reverse: gradient(at: p) { x in innerMaximum(f, inner, p: x, start: start) }
        }
        if g.allSatisfy({ Swift.abs($0) < 1e-12 }) { break }
        p = zip(p, g).map { $0 - 0.25 * $1 }
    }
    var q = start
    for _ in 0..<200 {
        let g = gradient(outer, at: q, of: f, given: p)
        if g.allSatisfy({ Swift.abs($0) < 1e-12 }) { break }
        q = zip(q, g).map { $0 + 0.25 * $1 }
    }
    return p + q
}

/// The saddle problem solved by nested gradient descent in all four mode combinations.
@Suite struct SaddlePointTests {
    static let combinations: [(Mode, Mode)] = [(.forward, .forward), (.forward, .reverse),
                                               (.reverse, .forward), (.reverse, .reverse)]

    @Test func allFourCombinationsReachTheSaddlePoint() {
        var results: [[Double]] = []
        for (outer, inner) in Self.combinations {
            let r = saddlePoint(.saddle, outer: outer, inner: inner, start: [1, 2])
            #expect(r.count == 4)
            #expect(r.allSatisfy { Swift.abs($0) < 1e-9 }, "\(outer)\(inner): \(r)")
            results.append(r)
        }
        // The four modes compute the same numbers.
        for r in results.dropFirst() { #expect(agree([r], [results[0]], tolerance: 1e-14)) }
    }

    @Test func outerGradientDifferentiatesThroughTheInnerAscent() {
        // Inner ascent on −(q − p)² from 0 with rate ¼ for K steps gives q_K = p(1 − ½ᴷ), so
        // max ≈ p² − p²·(½)^{2K} and its derivative is 2p(1 − ¼ᴷ): exact through the loop.
        let steps = 6
        let p0 = 1.5
        let expected = 2 * p0 * (1 - 1 / Double(1 << (2 * steps)))
        for (outer, inner) in Self.combinations {
            let g: [Double] = switch outer {
            case .forward: forwardGradient(at: [p0]) { x in
                    innerMaximum(.coupled, inner, p: x, start: [0], steps: steps) }
            case .reverse: gradient(at: [p0]) { x in
                    innerMaximum(.coupled, inner, p: x, start: [0], steps: steps) }
            }
            #expect(Swift.abs(g[0] - expected) < 1e-12, "\(outer)\(inner): \(g[0]) vs \(expected)")
        }
    }

    @Test func coupledProblemConvergesInAllCombinations() {
        // min_p max_q p² − (q − p)²: the optimum is p = q = 0.
        for (outer, inner) in Self.combinations {
            let r = saddlePoint(.coupled, outer: outer, inner: inner, start: [0.8])
            #expect(r.allSatisfy { Swift.abs($0) < 1e-9 }, "\(outer)\(inner): \(r)")
        }
    }
}
