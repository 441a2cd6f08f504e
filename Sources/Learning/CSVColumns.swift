/// Which columns of a CSV file are the target and the features, resolved against its header.
public struct CSVColumns: Sendable, Equatable {
    /// The header's names, in file order.
    public let header: [String]
    /// The target's position in the header (0-based).
    public let target: Int
    /// The features' positions in the header (0-based), in the order the model uses them.
    public let features: [Int]

    /// Resolves names against the header; with `features` nil, every column except the target.
    /// Throws `LearningError.unknownColumn` for a name not in the header, and
    /// `LearningError.columnChoice` for an empty feature list, a repeated feature, or the target
    /// listed as a feature.
    public init(header: [String], target: String, features: [String]?) throws {
        self.header = header
        guard let t = header.firstIndex(of: target) else {
            throw LearningError.unknownColumn(name: target, available: header)
        }
        self.target = t
        if let features {
            if features.isEmpty { throw LearningError.columnChoice("no feature columns given: name at least one, or omit the list") }
            if features.contains(target) { throw LearningError.columnChoice("the target '\(target)' cannot also be a feature") }
            if let repeated = features.enumerated().first(where: { features[..<$0.offset].contains($0.element) })?.element {
                throw LearningError.columnChoice("feature '\(repeated)' is listed twice")
            }
            self.features = try features.map { name in
                guard let j = header.firstIndex(of: name) else { throw LearningError.unknownColumn(name: name, available: header) }
                return j
            }
        } else {
            self.features = header.indices.filter { $0 != t }
        }
    }

    /// The feature names, in model order.
    public var featureNames: [String] { features.map { header[$0] } }

    /// For each column of the file: -1 if unused, 0…d−1 for a feature, d for the target.
    var roles: [Int] {
        var roles = [Int](repeating: -1, count: header.count)
        for (k, j) in features.enumerated() { roles[j] = k }
        roles[target] = features.count
        return roles
    }
}

/// Splits a header line into trimmed names (surrounding quotes removed).
func parseHeader(_ line: Substring) -> [String] {
    line.split(separator: ",", omittingEmptySubsequences: false).map { field in
        var name = field.trimmingCharacters(in: .whitespaces)
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
        return name
    }
}

import Foundation
