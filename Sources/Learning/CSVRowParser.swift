/// The hand-written row parser shared by in-memory loading and streaming: it walks the bytes
/// once, parses only the selected cells, and reports errors by line and column.
struct CSVRowParser {
    /// The role of each file column (see `CSVColumns.roles`).
    let roles: [Int]
    /// The number of features d.
    let dimension: Int
    /// The header, for error messages.
    let header: [String]

    init(_ columns: CSVColumns) {
        roles = columns.roles
        dimension = columns.features.count
        header = columns.header
    }

    /// Parses every complete line of `bytes` (a final line without a newline counts as complete
    /// only when `final`), appending features and targets. Blank lines are skipped.
    ///
    /// - Parameter firstLine: the file line number of the first byte (for error messages).
    /// - Returns: how many bytes and lines were consumed.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, final: Bool,
               features: inout [Double], targets: inout [Double]) throws -> (bytes: Int, lines: Int) {
        let n = bytes.count
        let fieldsExpected = roles.count
        var row = [Double](repeating: 0, count: dimension + 1)
        var position = 0, line = firstLine
        let newline = UInt8(ascii: "\n"), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r")
        guard let base = bytes.baseAddress else { return (0, 0) }
        while position < n {
            // Find the end of the line; stop at an incomplete final line unless told it is final.
            var end = position
            while end < n && base[end] != newline { end += 1 }
            if end == n && !final { break }
            var stop = end
            if stop > position && base[stop - 1] == cr { stop -= 1 }
            if stop > position {
                var field = 0, start = position
                while true {
                    var cut = start
                    while cut < stop && base[cut] != comma { cut += 1 }
                    if field < fieldsExpected {
                        let role = roles[field]
                        if role >= 0 { row[role] = try cell(base, start, cut, line: line, column: field) }
                    }
                    field += 1
                    if cut >= stop { break }
                    start = cut + 1
                }
                if field != fieldsExpected { throw LearningError.fieldCount(line: line, expected: fieldsExpected, actual: field) }
                features.append(contentsOf: row[0..<dimension])
                targets.append(row[dimension])
            }
            line += 1
            position = end + 1
        }
        return (Swift.min(position, n), line - firstLine)
    }

    /// One numeric cell, trimmed of spaces and quotes.
    @inline(__always)
    private func cell(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, line: Int, column: Int) throws -> Double {
        var a = start, b = end
        while a < b && (base[a] == 32 || base[a] == 9 || base[a] == 34) { a += 1 }
        while b > a && (base[b - 1] == 32 || base[b - 1] == 9 || base[b - 1] == 34) { b -= 1 }
        if a == b { throw LearningError.missingValue(line: line, column: column + 1, name: header[column]) }
        if let value = parseDouble(UnsafeBufferPointer(start: base + a, count: b - a)) { return value }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
        throw LearningError.notANumber(line: line, column: column + 1, name: header[column],
                                       text: text.trimmingCharacters(in: .whitespaces))
    }
}

import Foundation
