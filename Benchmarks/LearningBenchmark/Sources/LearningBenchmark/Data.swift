import Foundation
import Slope

/// Uniform values in [−1, 1) from a seeded generator.
func uniformValues(_ count: Int, seed: UInt64) -> [Double] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { _ in Double(generator.next() >> 11) * 0x1p-52 - 1 }
}

/// Writes doubles as raw little-endian float64 (what `numpy.fromfile` reads).
func writeRaw(_ values: [Double], to path: String) throws {
    let data = values.withUnsafeBufferPointer { Data(buffer: $0) }
    try data.write(to: URL(fileURLWithPath: path))
}

/// A CSV with `features` columns and a target, `rows` rows, numbers printed with 6 decimals.
func writeCSV(rows: Int, features: Int, to path: String) throws {
    var generator = SplitMix64(seed: 99)
    let weights = (0..<features).map { Double($0) - Double(features) / 2 }
    var text = (0..<features).map { "x\($0)" }.joined(separator: ",") + ",y\n"
    text.reserveCapacity(rows * (features + 1) * 11)
    var out = Data()
    for i in 0..<rows {
        var y = 1.5
        for j in 0..<features {
            let x = Double(generator.next() >> 11) * 0x1p-52 - 1
            y += weights[j] * x
            text += String(format: "%.6f,", x)
        }
        y += 0.01 * (Double(generator.next() >> 11) * 0x1p-52 - 1)
        text += String(format: "%.6f\n", y)
        if i % 100_000 == 99_999 { out.append(contentsOf: text.utf8); text = "" }
    }
    out.append(contentsOf: text.utf8)
    try out.write(to: URL(fileURLWithPath: path))
}
