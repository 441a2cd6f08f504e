import Testing
import AutoDiff

/// The subgradient returned at a kink: chosen by the policy, identical in forward and reverse
/// mode, and reported. Literal values only.
@Suite struct KinkPolicyTests {
    /// f(x, y) with a kink of every kind at (0, 1): |x|, relu(x), max and min on ties with a literal.
    func f<T: Scalar>(_ v: [T]) -> T {
        let x: T = abs(v[0]) + 2 * relu(v[0])
        let y: T = max(v[1], 1) - min(v[1], 1) * 3
        return x + y + max(0, v[0])
    }

    @Test(arguments: [(KinkPolicy.minimumNorm, [Double](arrayLiteral: 0.5, -1)),
                      (.lower, [0, 0]), (.upper, [3, -2])])
    func policiesPickTheDocumentedElement(policy: KinkPolicy, expected: [Double]) {
        // Per policy (minimum norm / lower / upper):
        // ∂x: |x|′ = 0 / −1 / 1, 2·relu′ = 0 / 0 / 2, max(0, x)′ = ½ / 1 / 0 (x is max's b, the lower piece);
        // ∂y: max(y, 1)′ = ½ / 0 / 1, −3·min(y, 1)′ = −3/2 / 0 / −3 (min's upper piece is its a).
        let reverse = withKinkPolicy(policy) { gradient(at: [0.0, 1.0], of: f) }
        let forward = withKinkPolicy(policy) { forwardGradient(at: [0.0, 1.0], of: f) }
        #expect(reverse.result == forward.result)
        #expect(reverse.kinks.count == 5)
        #expect(forward.kinks == reverse.kinks + reverse.kinks) // one forward pass per input
        #expect(reverse.result == expected)
    }

    @Test func integerLiteralsGoThroughTheRuleTable() {
        // `max(x, 0)` must not resolve to Swift.max (which would ignore the policy at a tie).
        let upper: Double = withKinkPolicy(.upper) { derivative(at: 0.0) { x in max(x, 0) } }.result
        let lower: Double = withKinkPolicy(.lower) { derivative(at: 0.0) { x in max(0, x) } }.result
        let kinks = withKinkPolicy(.upper) { gradient(at: [1.0]) { v in min(v[0], 1) } }.kinks
        let smooth: Double = derivative(at: 3.0) { x in max(x, 1) * min(2, x) }
        #expect(upper == 1)
        #expect(lower == 1)
        #expect(kinks == [KinkHit(primitive: "min", arguments: [1, 1])])
        #expect(smooth == 2)
    }

    @Test func awayFromKinksNoKinkIsReported() {
        let (g, kinks) = withKinkPolicy(.minimumNorm) { gradient(at: [0.5, 2.0], of: f) }
        #expect(kinks.isEmpty)
        // |x|′ = 1, 2·relu′ = 2, max(y,1)′ = 1, −3·min(y,1)′ = 0, max(0,x)′ = 1
        #expect(g == [4, 1])
    }
}
