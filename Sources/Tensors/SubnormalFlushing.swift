import CFloatingPointEnvironment

/// Subnormal numbers (magnitudes below `Double.leastNormalMagnitude`, about 2.2·10⁻³⁰⁸) and the
/// processor's mode that flushes them to zero.
///
/// IEEE 754 arithmetic, the default everywhere in Slope, keeps them; most processors then take a
/// slow path (often a hundred cycles or more) for each instruction that meets one. Gradients of
/// softmax-like functions are full of them: the gmm eval's largest pullbacks carry thousands, each
/// read by dozens of multiply–adds. XLA's CPU backend, and so JAX, runs with the mode on.
public enum Subnormals {
    /// Whether this processor has the mode (x86-64, AArch64).
    public static var canBeFlushed: Bool { slope_can_flush_subnormals() }

    /// Whether arithmetic on the calling thread treats subnormal operands and results as zero.
    public static var areFlushed: Bool { slope_flushes_subnormals() }
}

/// Runs `body` with subnormal operands and results treated as zero on the calling thread and on
/// the worker threads `parallelChunks` runs chunks on meanwhile, as XLA computes on CPUs; the
/// thread's previous mode comes back afterwards. Where the processor has no such mode
/// (`Subnormals.canBeFlushed` false) `body` runs unchanged.
///
/// ```swift
/// let tiny = Double.leastNormalMagnitude
/// withSubnormalsFlushedToZero { tiny * 0.5 }   // 0
/// tiny * 0.5                                   // 1.1125369292536007e-308
/// ```
///
/// Results differ from IEEE arithmetic only where a subnormal number occurs, and then by less than
/// `Double.leastNormalMagnitude` in that number.
public func withSubnormalsFlushedToZero<R>(_ body: () throws -> R) rethrows -> R {
    try inSubnormalMode(true, body)
}

/// Runs `body` with the calling thread's subnormal mode set to `flushing` (where the processor has
/// the mode), then puts the thread's previous mode back: `withSubnormalsFlushedToZero`, and each
/// `parallelChunks` worker taking on its caller's mode.
@usableFromInline
func inSubnormalMode<R>(_ flushing: Bool, _ body: () throws -> R) rethrows -> R {
    let previous = slope_flushes_subnormals()
    if previous != flushing { _ = slope_set_flushing_subnormals(flushing) }
    defer { if previous != flushing { _ = slope_set_flushing_subnormals(previous) } }
    return try body()
}
