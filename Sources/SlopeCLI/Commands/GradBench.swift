import ArgumentParser
import Foundation
import Slope
#if canImport(Glibc)
import Glibc
#endif

/// `slope gradbench`: a GradBench tool speaking the JSON-lines protocol on stdin/stdout.
struct GradBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradbench",
        abstract: "Serve the GradBench protocol on standard input and output.",
        discussion: """
            Reads one JSON message per line (start, define, evaluate, analysis) and answers each with \
            one JSON line. Implemented evals: \(allEvalModules.map { $0.name }.joined(separator: ", ")). \
            Run under GradBench with: gradbench run --eval "gradbench eval NAME" --tool "slope gradbench".
            """
    )

    /// glibc's `mallopt` settings M_MMAP_MAX = 0 and M_TRIM_THRESHOLD = max: freed blocks stay in
    /// the heap instead of returning to the system, so repeated runs of one evaluation reuse pages
    /// instead of faulting fresh ones in each time. (malloc.h is not in Swift's Glibc module, so
    /// the functions are looked up by name; elsewhere this does nothing.)
    private func keepFreedMemoryInTheHeap() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-4, 0)  // M_MMAP_MAX
        _ = mallopt(-1, Int32.max)  // M_TRIM_THRESHOLD
        #endif
    }

    /// glibc's `malloc_trim(0)`: hands the heap's free memory back to the system between
    /// evaluations (after a response is written, outside every timed run).
    private func releaseFreeMemory() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }

    @Flag(help: """
        Treat subnormal numbers (below 2.2e-308) as zero, as XLA's CPU backend (JAX) does: \
        for like-for-like timings against JAX. Off by default (IEEE arithmetic).
        """)
    var flushSubnormals = false

    func run() throws {
        guard !flushSubnormals || Subnormals.canBeFlushed else {
            throw Failure("--flush-subnormals: this processor has no mode that flushes subnormal numbers")
        }
        keepFreedMemoryInTheHeap()
        let session = GradBenchSession()
        let serve = {
            session.serve(readLine: { Swift.readLine(strippingNewline: true) }) { line in
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
                releaseFreeMemory()
            }
        }
        if flushSubnormals { withSubnormalsFlushedToZero(serve) } else { serve() }
    }
}
