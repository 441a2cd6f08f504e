/// Reading points and vectors as the CLI writes them (`x=1,y=2`, `1,0,0`).
public enum PointParser {
    /// Values for `variables` from `x=1,y=2`: every variable must be given, once, with a finite number.
    ///
    /// - Throws: `SymbolicError` naming the unknown, missing or non-numeric entry.
    public static func assignment(_ text: String, variables: [String]) throws(SymbolicError) -> [Double] {
        var values: [String: Double] = [:]
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw .malformed(what: "point", text: text, expected: "name=value pairs such as x=1,y=2") }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            let number = parts[1].trimmingCharacters(in: .whitespaces)
            guard variables.contains(name) else { throw .unknownVariable(name, known: variables) }
            guard let v = Double(number), v.isFinite else { throw .notANumber(what: "value of \(name)", text: number) }
            if values[name] != nil { throw .malformed(what: "point", text: text, expected: "each variable once ('\(name)' is repeated)") }
            values[name] = v
        }
        var result: [Double] = []
        for name in variables {
            guard let v = values[name] else { throw .missingVariable(name) }
            result.append(v)
        }
        return result
    }

    /// A vector from `1,0,0`.
    ///
    /// - Throws: `SymbolicError.notANumber` for a component that is not a finite number.
    public static func vector(_ text: String) throws(SymbolicError) -> [Double] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { (item) throws(SymbolicError) -> Double in
            let s = item.trimmingCharacters(in: .whitespaces)
            guard let v = Double(s), v.isFinite else { throw .notANumber(what: "component", text: s) }
            return v
        }
    }
}

private extension Substring {
    func trimmingCharacters(in _: WhitespaceSet) -> String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

private enum WhitespaceSet { case whitespaces }
