import Testing
@testable import AutoDiff

@Test func gradientsOnAReusedTapeMatchFreshOnes() {
    let tape = Tape<Double>(capacity: 16)
    func f<T: Scalar>(_ v: [T]) -> T { v[0] * v[0] * v[1] + sin(v[1]) }
    for point in [[1.0, 2.0], [3.0, -1.0], [0.5, 0.25]] {
        let reused = valueWithGradient(at: point, on: tape) { f($0) }
        let fresh = valueWithGradient(at: point) { f($0) }
        #expect(reused.value == fresh.value)
        #expect(reused.gradient == fresh.gradient)
        #expect(reused.gradient == [2 * point[0] * point[1], point[0] * point[0] + cos(point[1])])
    }
    #expect(tape.count == 2 + 4)  // two inputs and four operations: the last recording only
}

@Test func moreInputsThanTheTapeHoldsGrowItAndKeepTheirOrder() {
    // 100 inputs on a 16-entry tape: recording the inputs in one block must grow the tape several
    // times, and the gradient (read as one contiguous run of slots) must stay in input order.
    let tape = Tape<Double>(capacity: 16)
    let x = (0..<100).map { Double($0) / 10 - 3 }
    func f<T: Scalar>(_ v: [T]) -> T { v.indices.reduce(T(0)) { $0 + T(Double($1 + 1)) * v[$1] * v[$1] } }
    let reused = valueWithGradient(at: x, on: tape) { f($0) }
    #expect(reused.gradient == x.indices.map { 2 * Double($0 + 1) * x[$0] })
    #expect(reused.gradient == forwardGradient(at: x) { f($0) })
    #expect(tape.count == 100 + 3 * 100)  // per term: constant·v, ·v, and the sum
}
