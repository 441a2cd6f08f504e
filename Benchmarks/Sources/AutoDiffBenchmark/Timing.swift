import Foundation

/// The median wall time of `body` in seconds, over enough repetitions to fill `budget` seconds.
func medianSeconds(budget: Double = 0.5, minimumRuns: Int = 5, _ body: () -> Void) -> Double {
    var samples: [Double] = []
    let start = DispatchTime.now().uptimeNanoseconds
    while samples.count < minimumRuns
        || Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 < budget {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        if samples.count >= 10_000 { break }
    }
    samples.sort()
    return samples[samples.count / 2]
}

/// Keeps a value alive and observable so the optimizer cannot delete the work that made it.
@inline(never) func consume<T>(_ value: T) { withExtendedLifetime(value) {} }

/// Formats seconds with a unit a person reads at a glance.
func human(_ seconds: Double) -> String {
    if seconds >= 1 { return String(format: "%.3f s", seconds) }
    if seconds >= 1e-3 { return String(format: "%.3f ms", seconds * 1e3) }
    return String(format: "%.2f µs", seconds * 1e6)
}
