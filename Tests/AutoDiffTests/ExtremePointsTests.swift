import Testing
import AutoDiff

/// Reducing vertex lists to extreme points: exact in 1-D and 2-D, by linear programming above.
@Suite struct ExtremePointsTests {
    @Test func oneDimensionKeepsTheEnds() {
        #expect(extremePoints(of: [[0.5], [-1], [2], [0]], dimension: 1) == [[-1], [2]])
        #expect(extremePoints(of: [[3], [3]], dimension: 1) == [[3]])
    }

    @Test func planeKeepsTheHullCounterclockwise() {
        let square = [[0.0, 0], [1, 1], [1, 0], [0, 1], [0.5, 0.5], [0.5, 0], [1, 0.25]]
        #expect(extremePoints(of: square, dimension: 2) == [[0, 0], [1, 0], [1, 1], [0, 1]])
        #expect(extremePoints(of: [[0.0, 1], [0.5, 0.5], [1, 0]], dimension: 2) == [[0, 1], [1, 0]])
        #expect(extremePoints(of: [[1.0], [0, 2]], dimension: 2) == [[0, 2], [1, 0]]) // zero-padded
    }

    @Test func threeDimensionsDropInteriorAndFacePoints() {
        var cube: [[Double]] = []
        for x in [-1.0, 1] { for y in [-1.0, 1] { for z in [-1.0, 1] { cube.append([x, y, z]) } } }
        let extra: [[Double]] = [[0, 0, 0], [1, 0, 0], [0, -1, 0.5], [0.2, 0.3, -1], [1, 1, 0]]
        let reduced = extremePoints(of: extra + cube, dimension: 3)
        #expect(Set(reduced) == Set(cube))
    }

    @Test func collinearPointsInThreeDimensionsKeepTheEnds() {
        let line = (0...6).map { t in [Double(t), 2 * Double(t), -Double(t)] }
        #expect(Set(extremePoints(of: line.shuffled(), dimension: 3)) == Set([[0, 0, 0], [6, 12, -6]]))
    }

    @Test func aPointOffTheSimplexIsKept() {
        let simplex: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.2, 0.2, 0.6], [0.4, 0.4, 0.4]]
        // (0.4, 0.4, 0.4) has coordinate sum 1.2: outside the simplex, hence extreme; the other is inside.
        #expect(Set(extremePoints(of: simplex, dimension: 3)) == Set([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.4, 0.4, 0.4]]))
    }

    @Test func subdifferentialOfTheL1NormIsTheCube() throws {
        let s = try subdifferential(at: [0.0, 0, 0, 0, 0, 0, 0]) { v in v.reduce(0) { $0 + abs($1) } }
        #expect(s.exact)
        #expect(s.extremePoints.count == 128)
        #expect(s.extremePoints.allSatisfy { $0.allSatisfy { $0 == 1 || $0 == -1 } })
    }
}
