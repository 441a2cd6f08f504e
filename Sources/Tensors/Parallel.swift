import Dispatch
import Foundation

/// The number of active processors, read once (asking the system opens files on every call, which
/// showed up in profiles of small tensor operations).
public let activeCoreCount = ProcessInfo.processInfo.activeProcessorCount

/// Splits `0..<count` into contiguous chunks and runs `body` on them, on all cores when the work is
/// large enough to pay for the threads (at least `minimumChunk` items per chunk), else inline.
///
/// ```swift
/// parallelChunks(count: n, minimumChunk: 1 << 15) { chunk, range in … }   // chunk is 0..<chunks
/// ```
///
/// - Returns: the number of chunks used (callers that reduce allocate one partial per chunk).
@inlinable
public func parallelChunks(count: Int, minimumChunk: Int, maximumChunks: Int = activeCoreCount,
                           _ body: (_ chunk: Int, _ range: Range<Int>) -> Void) -> Int {
    let chunks = chunkCount(count: count, minimumChunk: minimumChunk, maximumChunks: maximumChunks)
    if chunks <= 1 {
        body(0, 0..<count)
        return 1
    }
    // Each chunk writes only its own range (or its own partial), so sharing `body` is safe.
    nonisolated(unsafe) let work = body
    // Worker threads compute in the caller's subnormal mode (`withSubnormalsFlushedToZero`).
    let flushing = Subnormals.areFlushed
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
        inSubnormalMode(flushing) { work(c, chunkRange(c, of: chunks, count: count)) }
    }
    return chunks
}

/// How many chunks `parallelChunks` uses for a job.
@inlinable
public func chunkCount(count: Int, minimumChunk: Int, maximumChunks: Int = activeCoreCount) -> Int {
    Swift.max(1, Swift.min(maximumChunks, count / Swift.max(1, minimumChunk)))
}

/// The `c`-th of `chunks` nearly equal contiguous ranges of `0..<count`.
@inlinable
public func chunkRange(_ c: Int, of chunks: Int, count: Int) -> Range<Int> {
    (c * count / chunks)..<((c + 1) * count / chunks)
}
