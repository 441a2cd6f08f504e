import Testing
import AutoDiff

/// The least-norm element of a subdifferential: the steepest-descent subgradient.
@Suite struct MinimumNormPointTests {
    func near(_ a: [Double]?, _ b: [Double]) -> Bool {
        guard let a, a.count == b.count else { return false }
        return zip(a, b).allSatisfy { Swift.abs($0 - $1) < 1e-12 }
    }

    @Test func oneVariable() throws {
        #expect(subdifferential(at: 0.0) { abs($0) }.minimumNormElement == [0])
        #expect(subdifferential(at: 0.0) { x in max(x, 2 * x) }.minimumNormElement == [1])
        #expect(subdifferential(at: 0.0) { x in abs(x) + abs(x - 1) }.minimumNormElement == [0])
        #expect(subdifferential(at: 0.0) { x in -2 * relu(x) - x }.minimumNormElement == [-1]) // [-3, -1]
    }

    @Test func segmentsAndPolytopes() throws {
        #expect(near(try subdifferential(at: [1.0, 1.0]) { v in max(v[0], v[1]) }.minimumNormElement, [0.5, 0.5]))
        #expect(near(minimumNormPoint(of: [[1, 1], [2, -1]]), [1.2, 0.6]))
        #expect(near(minimumNormPoint(of: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]), [1.0 / 3, 1.0 / 3, 1.0 / 3]))
        #expect(near(minimumNormPoint(of: [[2, 1, 0], [2, -1, 0], [2, 0, 1], [2, 0, -1], [3, 0, 0]]), [2, 0, 0]))
        let l1 = try subdifferential(at: [0.0, 0, 0, 0]) { v in v.reduce(0) { $0 + abs($1) } }
        #expect(near(l1.minimumNormElement, [0, 0, 0, 0]))
        #expect(minimumNormPoint(of: []) == nil)
    }

    @Test func smoothFunctionGivesItsGradient() throws {
        let s = try subdifferential(at: [1.0, -2]) { v in v[0] * v[0] + v[1] }
        #expect(s.minimumNormElement == [2, 1])
    }
}
