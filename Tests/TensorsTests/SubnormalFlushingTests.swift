import Testing
@testable import Tensors

/// Half its argument, computed at run time (a constant would be folded by the compiler).
@inline(never) private func half(_ x: Double) -> Double { x * 0.5 }

@Suite struct SubnormalFlushingTests {
    @Test func flushingIsScopedToTheBlockAndReachesTheWorkerThreads() throws {
        try #require(Subnormals.canBeFlushed)
        let tiny = Double.leastNormalMagnitude
        #expect(!Subnormals.areFlushed)
        #expect(half(tiny) > 0 && half(tiny).isSubnormal)
        let (inside, fromWorkers) = withSubnormalsFlushedToZero { () -> (Double, [Double]) in
            #expect(Subnormals.areFlushed)
            // One chunk per core (two or more where there are several), each computing a subnormal.
            var results = [Double](repeating: 1, count: activeCoreCount)
            results.withUnsafeMutableBufferPointer { out in
                _ = parallelChunks(count: out.count, minimumChunk: 1) { _, range in
                    for i in range { out[i] = half(tiny) }
                }
            }
            return (half(tiny), results)
        }
        #expect(inside == 0)
        #expect(fromWorkers.allSatisfy { $0 == 0 })
        // The previous mode is back, here and on the workers.
        #expect(!Subnormals.areFlushed)
        #expect(half(tiny).isSubnormal)
        var after = [Double](repeating: 0, count: activeCoreCount)
        after.withUnsafeMutableBufferPointer { out in
            _ = parallelChunks(count: out.count, minimumChunk: 1) { _, range in for i in range { out[i] = half(tiny) } }
        }
        #expect(after.allSatisfy { $0.isSubnormal })
    }

    @Test func normalNumbersAreUnchanged() {
        let values = [1.0, -3.5, 1e-300, 2 * Double.leastNormalMagnitude, 1e300]  // halves all normal
        #expect(withSubnormalsFlushedToZero { values.map { $0 * 0.5 } } == values.map { $0 * 0.5 })
    }
}
