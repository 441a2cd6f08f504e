import ArgumentParser
import Foundation

/// The output switches every command shares.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print machine-readable JSON instead of text.")
    var json = false

    @Flag(name: [.short, .long], help: "Print nothing on success (failures still go to stderr; the exit code tells).")
    var quiet = false

    /// Pretty, key-sorted JSON of `value`; see the free function.
    func jsonText<T: Encodable>(_ value: T) throws -> String { try SlopeCLI.jsonText(value) }
}

/// Pretty, key-sorted JSON of `value` (non-finite numbers as strings), with a final newline.
func jsonText<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
        positiveInfinity: JSONOutput.nonFiniteName(.infinity), negativeInfinity: JSONOutput.nonFiniteName(-.infinity),
        nan: JSONOutput.nonFiniteName(.nan))
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
}
