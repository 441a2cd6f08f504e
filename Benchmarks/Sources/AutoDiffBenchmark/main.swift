import Foundation
import Slope

// Primal, forward and reverse gradients, and Swift's `_Differentiation`, on the same scalar code, in
// one run; ratios are what to read (the machine is shared and noisy).
//
//   swift run -c release --package-path Benchmarks AutoDiffBenchmark

func row(_ name: String, _ seconds: Double, _ primal: Double) {
    if seconds.isNaN { return print(name.padding(toLength: 44, withPad: " ", startingAt: 0), "skipped (--quick)") }
    let ratio = String(format: "%8.2f×", seconds / primal)
    print(name.padding(toLength: 44, withPad: " ", startingAt: 0), human(seconds).padding(toLength: 12, withPad: " ", startingAt: 0), ratio)
}

func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max() ?? 0
}

// `AutoDiffBenchmark --profile [--record-only] [--runs=N]` only repeats the Rosenbrock reverse
// gradient (or its recording) N times (for `perf record` and `valgrind --tool=callgrind`); `--quick` skips the slow
// reference rows (n forward passes, _Differentiation).
let arguments = Set(CommandLine.arguments.dropFirst())
if arguments.contains("--profile") {
    let runs = arguments.lazy.compactMap { $0.hasPrefix("--runs=") ? Int($0.dropFirst(7)) : nil }.first ?? 3000
    let x = (0..<10_000).map { Double($0 % 7) * 0.3 - 1 }
    let seconds = medianSeconds(budget: 0, minimumRuns: runs) {
        if arguments.contains("--record-only") { consume(recordRosenbrock(x)) } else { consume(gradient(at: x, of: rosenbrock)) }
    }
    print("\(runs) runs, median \(human(seconds))")
    exit(0)
}
let quick = arguments.contains("--quick")

print("Slope AutoDiff benchmark — times are medians; ratios are against the primal in the same run\n")

// (i) Extended Rosenbrock, n = 10 000
do {
    let n = 10_000
    var rng = SystemRandomNumberGenerator()
    let x = (0..<n).map { _ in Double.random(in: -2...2, using: &rng) }
    let primal = medianSeconds { consume(rosenbrock(x)) }
    let reverse = medianSeconds { consume(gradient(at: x, of: rosenbrock)) }
    let recording = medianSeconds { consume(recordRosenbrock(x)) }
    let forwardOne = medianSeconds { consume(try! directionalDerivative(at: x, along: x, of: rosenbrock)) }
    let forwardFull = quick ? .nan : medianSeconds(budget: 0.1, minimumRuns: 1) { consume(forwardGradient(at: x, of: rosenbrock)) }
    let builtin = quick ? .nan : medianSeconds { consume(builtinRosenbrockGradient(x)) }
    let gReverse = gradient(at: x, of: rosenbrock)
    let gForward = forwardGradient(at: x, of: rosenbrock)
    let gBuiltin = quick ? [.nan] : builtinRosenbrockGradient(x)
    print("Extended Rosenbrock, n = \(n) (scalar loop)")
    row("  primal (Double)", primal, primal)
    row("  reverse gradient (Reverse<Double>)", reverse, primal)
    row("    of which recording the tape", recording, primal)
    row("  forward directional ∇f·v (one pass)", forwardOne, primal)
    row("  forward gradient (n passes)", forwardFull, primal)
    row("  Swift _Differentiation gradient", builtin, primal)
    if !quick { print(String(format: "  Slope reverse is %.1f× faster than _Differentiation", builtin / reverse)) }
    let ops = { () -> Int in
        let tape = Tape<Double>()
        _ = rosenbrock(x.map { tape.variable($0) })
        return tape.count
    }()
    print("  tape: \(ops) entries, \(Tape<Double>.bytesPerEntry) bytes per recorded operation (+\(MemoryLayout<Double>.stride) for its adjoint in the sweep)")
    print(String(format: "  agreement: reverse vs forward %.1e, reverse vs _Differentiation %.1e\n",
                 maxDifference(gReverse, gForward), maxDifference(gReverse, gBuiltin)))
}

// (ii) 7×7 determinant by expansion of minors
do {
    let n = 7
    var rng = SystemRandomNumberGenerator()
    let m = (0..<(n * n)).map { _ in Double.random(in: -1...1, using: &rng) }
    let primal = medianSeconds { consume(determinant(m, n)) }
    let reverse = medianSeconds { consume(gradient(at: m) { determinant($0, n) }) }
    let forwardFull = medianSeconds { consume(forwardGradient(at: m) { determinant($0, n) }) }
    let builtin = quick ? .nan : medianSeconds { consume(builtinDeterminantGradient(m, n)) }
    let gReverse = gradient(at: m) { determinant($0, n) }
    let gForward = forwardGradient(at: m) { determinant($0, n) }
    let gBuiltin = quick ? [.nan] : builtinDeterminantGradient(m, n)
    print("Determinant 7×7 by expansion of minors (scalar recursion)")
    row("  primal (Double)", primal, primal)
    row("  reverse gradient (Reverse<Double>)", reverse, primal)
    row("  forward gradient (49 passes)", forwardFull, primal)
    row("  Swift _Differentiation gradient", builtin, primal)
    if !quick { print(String(format: "  Slope reverse is %.1f× faster than _Differentiation", builtin / reverse)) }
    let ops = { () -> Int in
        let tape = Tape<Double>()
        _ = determinant(m.map { tape.variable($0) }, n)
        return tape.count
    }()
    print("  tape: \(ops) entries, \(Tape<Double>.bytesPerEntry) bytes per recorded operation")
    print(String(format: "  agreement: reverse vs forward %.1e, reverse vs _Differentiation %.1e",
                 maxDifference(gReverse, gForward), maxDifference(gReverse, gBuiltin)))
}
