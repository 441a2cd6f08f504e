import Foundation
import Slope

// The linear-regression gradient against the memory-bandwidth bound, and CSV parsing against a plain
// read, measured in one run. Prints one JSON object; compare.py adds NumPy and JAX on the same data.
//
//   LearningBenchmark [rows] [dimension] [output directory] [csv rows]
//   LearningBenchmark parse FILE.csv     (CSV only: a plain read against loadCSV, target column "y")

let arguments = CommandLine.arguments
let rows = arguments.count > 1 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
let d = arguments.count > 2 ? Int(arguments[2]) ?? 64 : 64
let directory = arguments.count > 3 ? arguments[3] : NSTemporaryDirectory() + "/slope-learning-benchmark"
let csvRows = arguments.count > 4 ? Int(arguments[4]) ?? 1_000_000 : 1_000_000
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
// `LearningBenchmark parse FILE`: only parse an existing CSV repeatedly (for profiling).
if arguments.count > 2 && arguments[1] == "parse" {
    let bytes = Double((try FileManager.default.attributesOfItem(atPath: arguments[2])[.size] as? NSNumber)?.intValue ?? 0)
    let read = try time(repetitions: 10) { consume(try readFile(arguments[2])) }
    let timing = try time(repetitions: 10) { consume(try loadCSV(path: arguments[2], target: "y")) }
    print("parse best \(timing.best) s, \(Int(bytes / timing.best / 1e6)) MB/s; plain read \(Int(bytes / read.best / 1e6)) MB/s;"
          + " parse = \(Int(100 * read.best / timing.best))% of a plain read")
    exit(0)
}
let cores = ProcessInfo.processInfo.activeProcessorCount
func log(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

// Data: X uniform in [−1, 1), y = X·w_true + noise, parameters at which the gradient is taken.
log("generating \(rows)×\(d) data…")
let features = uniformValues(rows * d, seed: 1)
let noise = uniformValues(rows, seed: 2)
let truth = (0..<d).map { Double($0 % 7) - 3 }
var targets = [Double](repeating: 0, count: rows)
for i in 0..<rows { targets[i] = (0..<d).reduce(0.5 + 0.1 * noise[i]) { $0 + truth[$1] * features[i * d + $1] } }
let parameters = uniformValues(d + 1, seed: 3)
let data = try Dataset(features: features, targets: targets, featureNames: (0..<d).map { "x\($0)" })
let model = LinearRegression(data)
try writeRaw(features, to: directory + "/X.bin")
try writeRaw(targets, to: directory + "/y.bin")
try writeRaw(parameters, to: directory + "/params.bin")

// The bandwidth bound: a plain SIMD sum over X (the same bytes the gradient must read).
// Chunked exactly like the gradient (several chunks per core, taken dynamically).
func sumAll(_ x: UnsafeBufferPointer<Double>, cores: Int) -> Double {
    let chunks = chunkCount(count: x.count / 8, minimumChunk: 1 << 13, maximumChunks: 16 * cores)
    var partial = [Double](repeating: 0, count: chunks * 8)
    partial.withUnsafeMutableBufferPointer { p in
        _ = parallelChunks(count: x.count / 8, minimumChunk: 1 << 13, maximumChunks: chunks) { c, blocks in
            let base = UnsafeRawPointer(x.baseAddress!)
            var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
            for k in blocks {
                s0 += base.loadUnaligned(fromByteOffset: k * 64, as: SIMD4<Double>.self)
                s1 += base.loadUnaligned(fromByteOffset: k * 64 + 32, as: SIMD4<Double>.self)
            }
            p[c * 8] = (s0 + s1).sum()
        }
    }
    return partial.reduce(0, +)
}
let bytes = Double(rows * d * 8)

// The gradient as `slope fit` computes it (library code: all cores), and on one core for reference.
// The machine is shared, so the four measurements are interleaved round by round and the best
// of each is kept: the bound and the kernel see the same conditions.
let rounds = 25
var best = [Double](repeating: .infinity, count: 4)
var medians = [[Double]](repeating: [], count: 4)
var gradient: [Double] = []
features.withUnsafeBufferPointer { x in
    targets.withUnsafeBufferPointer { y in
        parameters.withUnsafeBufferPointer { p in
            for _ in 0..<rounds {
                let samples = [
                    time(repetitions: 1) { consume(sumAll(x, cores: cores)) }.best,
                    time(repetitions: 1) { gradient = model.lossAndGradient(at: parameters).gradient }.best,
                    time(repetitions: 1) { consume(sumAll(x, cores: 1)) }.best,
                    time(repetitions: 1) {
                        consume(fusedLossAndGradient(features: x, targets: y, dimension: d, parameters: p, minimumRowsPerChunk: Int.max))
                    }.best,
                ]
                for k in 0..<4 { best[k] = Swift.min(best[k], samples[k]); medians[k].append(samples[k]) }
            }
        }
    }
}
let median = medians.map { $0.sorted()[$0.count / 2] }
let sumAllCores = (best: best[0], median: median[0]), fused = (best: best[1], median: median[1])
let sumOneCore = (best: best[2], median: median[2]), fusedOneCore = (best: best[3], median: median[3])
try writeRaw(gradient, to: directory + "/gradient.bin")

// Tensor reverse mode on the same problem (one tape entry per tensor operation).
let tensorTimes = try time(repetitions: 3) { consume(try model.tensorLossAndGradient(at: parameters)) }

// CSV: a plain read of the file against read + parse, then `fit` end to end (load, exact, GD).
let csvPath = directory + "/data.csv"
let csvFeatures = 8
log("writing a \(csvRows)-row CSV…")
try writeCSV(rows: csvRows, features: csvFeatures, to: csvPath)
let csvBytes = Double((try FileManager.default.attributesOfItem(atPath: csvPath)[.size] as? NSNumber)?.intValue ?? 0)
let plainRead = try time(repetitions: 5) { consume(try readFile(csvPath)) }
let parse = try time(repetitions: 5) { consume(try loadCSV(path: csvPath, target: "y")) }
var fitIterations = 0, fitGap = 0.0
let fitEndToEnd = try time(repetitions: 3) {
    let csv = try loadCSV(path: csvPath, target: "y")
    let report = try fitLinearRegression(csv, options: FitOptions())
    fitIterations = report.iterations
    fitGap = report.gap ?? .nan
}

func gbps(_ seconds: Double) -> Double { bytes / seconds / 1e9 }
let result: [String: Any] = [
    "rows": rows, "dimension": d, "cores": cores, "bytesOfX": bytes,
    "sumAllCoresSeconds": sumAllCores.best, "sumAllCoresGBps": gbps(sumAllCores.best),
    "sumOneCoreSeconds": sumOneCore.best, "sumOneCoreGBps": gbps(sumOneCore.best),
    "gradientSeconds": fused.best, "gradientMedianSeconds": fused.median, "gradientGBps": gbps(fused.best),
    "gradientOneCoreSeconds": fusedOneCore.best, "gradientOneCoreGBps": gbps(fusedOneCore.best),
    "fractionOfBandwidth": sumAllCores.best / fused.best,
    "fractionOfBandwidthMedian": sumAllCores.median / fused.median,
    "sumAllCoresMedianSeconds": sumAllCores.median,
    "tensorReverseSeconds": tensorTimes.best,
    "csvRows": csvRows, "csvBytes": csvBytes,
    "plainReadSeconds": plainRead.best, "plainReadMBps": csvBytes / plainRead.best / 1e6,
    "parseSeconds": parse.best, "parseMBps": csvBytes / parse.best / 1e6,
    "fitEndToEndSeconds": fitEndToEnd.best, "fitIterations": fitIterations, "fitGap": fitGap,
    "directory": directory,
]
let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
