import Foundation
import Testing
import AutoDiff

/// A constant contributes nothing to a forward-mode tangent, even through a primitive whose
/// derivative is infinite there: forward mode then agrees with reverse mode, which never records
/// constants.
@Suite struct ConstantTangentTests {
    func f<T: Scalar>(_ v: [T]) -> T { v[0] * sqrt(v[1]) }

    @Test func forwardModeAgreesWithReverseModeWhereAPartialIsInfinite() {
        let forward = forwardGradient(at: [1.0, 0.0], of: f)
        let reverse = gradient(at: [1.0, 0.0], of: f)
        // ∂/∂x = √y = 0; ∂/∂y = x / (2√y) = ∞.
        #expect(forward == [0, .infinity])
        #expect(reverse == [0, .infinity])
    }

    @Test func aConstantThroughSqrtAtZeroHasAZeroTangent() {
        let y = sqrt(Dual(constant: 0.0))
        #expect(y.value == 0 && y.tangent == 0)
        // A seeded input still sees the infinite derivative.
        #expect(derivative(at: 0.0) { sqrt($0) } == .infinity)
        #expect(sqrt(Dual(0.0, tangent: 1)).tangent == .infinity)
    }

    @Test func nonFiniteTangentsStillPropagate() {
        // Only an exactly zero tangent is structural: ∞ · (nonzero) stays infinite, and NaN stays NaN.
        #expect(sqrt(Dual(0.0, tangent: -2)).tangent == -.infinity)
        #expect((Dual(1.0, tangent: .nan) * Dual(constant: 2)).tangent.isNaN)
    }

    @Test func nestedDualsKeepTheirInnerTangents() {
        // d²/dx² (x·x) = 2 through Dual<Dual>: the outer tangent's value is 0 at the seed of the
        // inner direction, but it is not a constant, so it must not be dropped.
        let second = derivative(at: 3.0) { x in derivative(at: x) { $0 * $0 } }
        #expect(second == 2)
    }
}
