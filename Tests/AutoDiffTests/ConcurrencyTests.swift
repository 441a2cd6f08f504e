import Foundation
import Testing
import AutoDiff

/// Gradients computed on many threads at once equal the serial results: every call records on a
/// tape of its own, and kink policies are scoped to the calling task or thread.
@Suite struct ConcurrencyTests {
    /// Distinct work per index: points differ, and so do the functions' shapes.
    static func point(_ i: Int) -> [Double] { (0..<6).map { Double((i * 7 + $0 * 3) % 11) / 4 - 1.2 } }

    static func work(_ i: Int) -> [Double] {
        let x = point(i)
        let g = gradient(at: x, of: rosenbrock)
        let h = hessian(at: Array(x.prefix(3)), of: rosenbrock).flatMap { $0 }
        let kinked = gradient(at: x) { v in abs(v[0] - v[1]) + relu(v[2]) + max(v[3], v[4]) * v[5] }
        return g + h + kinked
    }

    @Test func concurrentGradientsEqualSerialOnes() {
        let count = 64
        let serial = (0..<count).map(Self.work)
        let results = Results(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in results.set(i, Self.work(i)) }
        #expect(results.values == serial)
    }

    @Test func kinkPoliciesDoNotLeakBetweenThreads() {
        // Half the threads run under `.upper`, half under `.lower`; each sees its own policy.
        let count = 64
        let results = Results(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let policy: KinkPolicy = i.isMultiple(of: 2) ? .upper : .lower
            let (g, kinks) = withKinkPolicy(policy) {
                (0..<50).map { _ in gradient(at: [0.0, 1.0]) { v in abs(v[0]) + max(v[1], 1) } }.last ?? []
            }
            results.set(i, g + [Double(kinks.count)])
        }
        for i in 0..<count {
            let expected: [Double] = i.isMultiple(of: 2) ? [1, 1, 100] : [-1, 0, 100]
            #expect(results.values[i] == expected)
        }
    }
}

/// A fixed-size array written from several threads, one slot each.
final class Results: @unchecked Sendable {
    private var storage: [[Double]]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: [], count: count) }
    func set(_ i: Int, _ value: [Double]) { lock.lock(); storage[i] = value; lock.unlock() }
    var values: [[Double]] { lock.lock(); defer { lock.unlock() }; return storage }
}
