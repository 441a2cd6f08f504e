import Dispatch

/// Runs `body` `repetitions` times and returns the best and the median wall-clock seconds.
func time(repetitions: Int, _ body: () throws -> Void) rethrows -> (best: Double, median: Double) {
    var samples: [Double] = []
    for _ in 0..<repetitions {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    samples.sort()
    return (samples[0], samples[samples.count / 2])
}

/// Keeps a value alive so the optimizer cannot delete the work that produced it.
@inline(never)
func consume<T>(_ value: T) {}
