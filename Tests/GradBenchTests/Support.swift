import Foundation
@testable import GradBench

/// GradBench's comparison: |a − b| / max(|a| + |b|, 1), which the evals require ≤ 1e-4.
func gradbenchDifference(_ a: Double, _ b: Double) -> Double {
    abs(a - b) / max(abs(a) + abs(b), 1)
}

/// Whether two vectors agree to `tolerance` in GradBench's measure.
func agree(_ a: [Double], _ b: [Double], tolerance: Double = 1e-9) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { gradbenchDifference($0, $1) <= tolerance }
}

/// Central finite differences of f at x, step h.
func finiteDifferenceGradient(_ x: [Double], h: Double = 1e-6, _ f: ([Double]) -> Double) -> [Double] {
    x.indices.map { i in
        var up = x, down = x
        up[i] += h
        down[i] -= h
        return (f(up) - f(down)) / (2 * h)
    }
}

/// Deterministic pseudo-random numbers in [0, 1) (a 64-bit LCG), so tests need no seeds of their own.
struct TestNumbers {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    mutating func vector(_ n: Int) -> [Double] { (0..<n).map { _ in next() } }
}

/// Runs one prepared evaluation of `module` once and returns its output.
func evaluateOnce(_ module: any EvalModule.Type, _ function: String, _ input: JSONValue) throws -> JSONValue {
    let prepared = try module.prepare(function: function, input: input)
    prepared.run()
    return prepared.output()
}
