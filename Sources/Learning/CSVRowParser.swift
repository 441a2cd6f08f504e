/// The hand-written row parser shared by in-memory loading and streaming: it walks the bytes
/// once — each selected cell's digits are accumulated while looking for the delimiter — and
/// reports errors by line and column.
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
        guard let base = bytes.baseAddress, bytes.count > 0 else { return (0, 0) }
        let end = bytes.count
        let fieldsExpected = roles.count
        let d = dimension
        let row = UnsafeMutablePointer<Double>.allocate(capacity: d + 1)
        row.initialize(repeating: 0, count: d + 1)
        defer { row.deallocate() }
        return try roles.withUnsafeBufferPointer { roles in
            var position = 0, line = firstLine
            lines: while position < end {
                // Blank lines ("\n" or "\r\n") are skipped.
                if base[position] == 10 { position += 1; line += 1; continue }
                if base[position] == 13 && position + 1 < end && base[position + 1] == 10 { position += 2; line += 1; continue }
                let lineStart = position
                var field = 0
                while true {
                    // One cell: [position, cut) with cut at ',', '\n' or the end of the buffer.
                    let role = field < fieldsExpected ? roles[field] : -1
                    var cut: Int
                    if role >= 0 {
                        var value = 0.0
                        cut = scanNumber(base, position, end, &value)
                        if cut < 0 {
                            // Not a plain number: find the cell's end and let the careful path decide.
                            cut = position
                            while cut < end && base[cut] != 44 && base[cut] != 10 { cut += 1 }
                            if cut == end && !final { position = lineStart; break lines }
                            value = try slowCell(base, position, cut, line: line, column: field)
                        }
                        row[role] = value
                    } else {
                        cut = position
                        while cut < end && base[cut] != 44 && base[cut] != 10 { cut += 1 }
                    }
                    field += 1
                    if cut >= end {
                        if !final { position = lineStart; break lines }
                        position = end
                        break
                    }
                    position = cut + 1
                    if base[cut] == 10 { break }
                }
                if field != fieldsExpected { throw LearningError.fieldCount(line: line, expected: fieldsExpected, actual: field) }
                for k in 0..<d { features.append(row[k]) }
                targets.append(row[d])
                line += 1
            }
            return (position, line - firstLine)
        }
    }

    /// A cell the fast scanner declined: trimmed of spaces, quotes and a carriage return, then parsed
    /// carefully, or reported as missing or not a number.
    private func slowCell(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, line: Int, column: Int) throws -> Double {
        var a = start, b = end
        func trimmable(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 34 || c == 13 }
        while a < b && trimmable(base[a]) { a += 1 }
        while b > a && trimmable(base[b - 1]) { b -= 1 }
        let name = column < header.count ? header[column] : "column \(column + 1)"
        if a == b { throw LearningError.missingValue(line: line, column: column + 1, name: name) }
        if let value = parseDouble(UnsafeBufferPointer(start: base + a, count: b - a)) { return value }
        let text = String(decoding: UnsafeBufferPointer(start: base + a, count: b - a), as: UTF8.self)
        throw LearningError.notANumber(line: line, column: column + 1, name: name, text: text)
    }
}

/// Scans a plain decimal cell (`-12.5`, `3e-4`: no spaces or quotes) starting at `start` and ending
/// at ',', '\n', "\r\n" or the end of the buffer; on success stores the correctly rounded value and
/// returns the delimiter's position, else returns −1 (the caller takes the careful path).
@inline(__always)
func scanNumber(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ value: inout Double) -> Int {
    var i = start
    var negative = false
    if i < end && base[i] == 45 { negative = true; i += 1 }
    var mantissa: UInt64 = 0
    var digits = 0, exponent = 0
    let firstDigit = i
    while i < end {
        let c = base[i] &- 48
        if c >= 10 { break }
        mantissa = mantissa &* 10 &+ UInt64(c)
        digits += 1
        i += 1
    }
    if i < end && base[i] == 46 {
        i += 1
        while i < end {
            let c = base[i] &- 48
            if c >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(c)
            digits += 1
            exponent -= 1
            i += 1
        }
    }
    if i == firstDigit || digits > 19 { return -1 }
    if i < end && base[i] | 0x20 == 101 {
        i += 1
        var exponentNegative = false
        if i < end && (base[i] == 45 || base[i] == 43) { exponentNegative = base[i] == 45; i += 1 }
        var e = 0
        let firstExponentDigit = i
        while i < end {
            let c = base[i] &- 48
            if c >= 10 { break }
            if e < 10_000 { e = e * 10 + Int(c) }
            i += 1
        }
        if i == firstExponentDigit { return -1 }
        exponent += exponentNegative ? -e : e
    }
    if i < end {
        let c = base[i]
        if c == 13 {
            if i + 1 < end && base[i + 1] == 10 { i += 1 } else { return -1 }
        } else if c != 44 && c != 10 { return -1 }
    }
    if mantissa > (1 << 53) || exponent < -22 || exponent > 22 {
        return -1
    }
    var v = Double(mantissa)
    if exponent < 0 { v /= powerOfTen(-exponent) } else if exponent > 0 { v *= powerOfTen(exponent) }
    value = negative ? -v : v
    return i
}

/// 10ⁿ for 0 ≤ n ≤ 22, exactly (every such power is a `Double`), without a global table.
@inline(__always)
func powerOfTen(_ n: Int) -> Double {
    var p = 1.0, base = 10.0, k = n
    while k > 0 {
        if k & 1 == 1 { p *= base }
        base *= base
        k >>= 1
    }
    return p
}
