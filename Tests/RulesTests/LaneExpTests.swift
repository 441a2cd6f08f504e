import Foundation
import Testing
import Rules

/// The distance between two doubles in units in the last place (their bit patterns' difference).
func ulpDistance(_ a: Double, _ b: Double) -> UInt64 {
    if a == b { return 0 }
    let (x, y) = (Int64(bitPattern: a.bitPattern), Int64(bitPattern: b.bitPattern))
    return x.magnitude > y.magnitude ? UInt64(x - y).magnitude : UInt64(y - x).magnitude
}

/// The vectorized exponential against `Foundation.exp`, lane by lane.
@Suite struct LaneExpTests {
    func check(_ values: [Double], maximumUlps: UInt64 = 2) {
        for start in stride(from: 0, to: values.count, by: Lanes.scalarCount) {
            var x = Lanes(repeating: 0)
            for i in 0..<Lanes.scalarCount { x[i] = values[(start + i) % values.count] }
            let y = laneExp(x)
            for i in 0..<Lanes.scalarCount {
                let expected = Foundation.exp(x[i])
                if expected.isNaN {
                    #expect(y[i].isNaN, "exp(\(x[i]))")
                } else {
                    #expect(ulpDistance(y[i], expected) <= maximumUlps, "exp(\(x[i])) = \(y[i]), Foundation \(expected)")
                }
            }
        }
    }

    @Test func agreesWithFoundationOnTheWholeRange() {
        var rng = SplitMix64(seed: 11)
        check((0..<40_000).map { _ in Double.random(in: -708...709, using: &rng) })
    }

    @Test func agreesNearZeroAndAtTheReductionBoundaries() {
        var rng = SplitMix64(seed: 12)
        let ln2 = 0.6931471805599453
        var values = (0..<4_000).map { _ in Double.random(in: -1...1, using: &rng) }
        for k in -20...20 {
            for delta in [-1e-12, 0, 1e-12] { values.append((Double(k) + 0.5) * ln2 + delta) }
        }
        values += [0, -0.0, 1e-300, -1e-300, Double.leastNonzeroMagnitude, 1, -1]
        check(values)
    }

    @Test func edgesGoThroughFoundation() {
        // Exact agreement outside the fast range: those lanes are Foundation's.
        check([-745.2, -745.1, -720, -708.5, 709.5, 709.78, 710, 1000, .infinity, -.infinity, .nan, -2, 3, 0.5],
              maximumUlps: 0)
        #expect(laneExp(Lanes(repeating: 710)) == Lanes(repeating: .infinity))
        #expect(laneExp(Lanes(repeating: -800)) == Lanes(repeating: 0))
    }

    @Test func otherPrimitivesAreEvaluatedLaneByLane() {
        let x = Lanes(0.1, 0.2, 0.5, 1, 2, 3, 4, 9)
        let y = Unary.sqrt.evaluate(lanes: x)
        for i in 0..<Lanes.scalarCount { #expect(y[i] == Foundation.sqrt(x[i])) }
        let e = Unary.exp.evaluate(lanes: x)
        for i in 0..<Lanes.scalarCount { #expect(ulpDistance(e[i], Foundation.exp(x[i])) <= 2) }
    }
}
