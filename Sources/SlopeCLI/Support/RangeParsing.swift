/// Reads `LOW:HIGH` (e.g. `-3:3`) as a closed range; throws a one-line `Failure` naming the option.
func parseRange(_ text: String, option: String) throws -> ClosedRange<Double> {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, let low = Double(parts[0].trimmingCharacters(in: .whitespaces)),
          let high = Double(parts[1].trimmingCharacters(in: .whitespaces)) else {
        throw Failure("malformed \(option) '\(text)': expected LOW:HIGH, such as -3:3")
    }
    guard low.isFinite, high.isFinite, low < high else {
        throw Failure("invalid \(option) '\(text)': LOW must be less than HIGH, both finite")
    }
    return low...high
}
