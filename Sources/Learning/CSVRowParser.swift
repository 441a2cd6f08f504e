/// The hand-written row parser shared by in-memory loading and streaming: it walks the bytes
/// once — each selected cell's digits are accumulated (eight at a time) while looking for the
/// delimiter — writes the numbers straight into the caller's row-major buffers, and reports
/// errors by line and column.
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
    /// only when `final`) into row-major buffers: row r's features go to `features + r·d`, its target
    /// to `targets[r]`. Blank lines are skipped. The buffers must hold at least
    /// `countNewlines(bytes) + 1` rows.
    ///
    /// - Parameter firstLine: the file line number of the first byte (for error messages).
    /// - Returns: how many bytes, lines and rows were consumed.
    func parseRows(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, final: Bool,
                   features: UnsafeMutablePointer<Double>, targets: UnsafeMutablePointer<Double>) throws
        -> (bytes: Int, lines: Int, rows: Int) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return (0, 0, 0) }
        let end = bytes.count
        let fieldsExpected = roles.count
        let d = dimension
        return try roles.withUnsafeBufferPointer { roles in
            var position = 0, line = firstLine, rows = 0
            lines: while position < end {
                // Blank lines ("\n" or "\r\n") are skipped.
                if base[position] == 10 { position += 1; line += 1; continue }
                if base[position] == 13 && position + 1 < end && base[position + 1] == 10 { position += 2; line += 1; continue }
                let lineStart = position
                let featureRow = features + rows * d
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
                            cut = cellEnd(base, position, end)
                            if cut == end && !final { position = lineStart; break lines }
                            value = try slowCell(base, position, cut, line: line, column: field)
                        }
                        if role < d { featureRow[role] = value } else { targets[rows] = value }
                    } else {
                        cut = cellEnd(base, position, end)
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
                rows += 1
                line += 1
            }
            return (position, line - firstLine, rows)
        }
    }

    /// `parseRows` appending to arrays (for streaming, where the row count is not known up front).
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, final: Bool,
               features: inout [Double], targets: inout [Double]) throws -> (bytes: Int, lines: Int) {
        let capacity = countNewlines(bytes) + 1
        let f = UnsafeMutablePointer<Double>.allocate(capacity: capacity * dimension)
        let t = UnsafeMutablePointer<Double>.allocate(capacity: capacity)
        defer { f.deallocate(); t.deallocate() }
        let done = try parseRows(bytes, firstLine: firstLine, final: final, features: f, targets: t)
        features.append(contentsOf: UnsafeBufferPointer(start: f, count: done.rows * dimension))
        targets.append(contentsOf: UnsafeBufferPointer(start: t, count: done.rows))
        return (done.bytes, done.lines)
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

/// The position of the ',' or '\n' ending the cell that starts at `start`, or `end`.
@inline(__always)
func cellEnd(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
    var cut = start
    while cut < end && base[cut] != 44 && base[cut] != 10 { cut += 1 }
    return cut
}

/// How many '\n' bytes `bytes` holds (eight bytes per step).
func countNewlines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
    var count = 0, i = 0
    while i + 8 <= bytes.count {
        let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ (10 &* ones)
        // The high bit of each byte of `nonzero` says whether that byte of x is nonzero.
        let nonzero = (((x & ~highs) &+ ~highs) | x) & highs
        // Each zero byte of x contributes 1 to the top byte of the product.
        count &+= Int(truncatingIfNeeded: (((~nonzero & highs) >> 7) &* ones) >> 56)
        i += 8
    }
    while i < bytes.count { count += base[i] == 10 ? 1 : 0; i += 1 }
    return count
}

/// Scans a plain decimal cell (`-12.5`, `3e-4`: no spaces or quotes) starting at `start` and ending
/// at ',', '\n', "\r\n" or the end of the buffer; on success stores the correctly rounded value and
/// returns the delimiter's position, else returns −1 (the caller takes the careful path).
///
/// Correct rounding: with at most 19 digits the mantissa is exact; when it is at most 2⁵³ and the
/// decimal exponent is within ±22, both it and 10^|e| are exact doubles, so one IEEE multiplication
/// or division rounds correctly (Clinger's fast path). Anything else is declined.
@inline(__always)
func scanNumber(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ value: inout Double) -> Int {
    // The sign is taken without a branch: signs in data are often random, so a branch mispredicts.
    let negative: UInt64 = start < end && base[start] == 45 ? 1 : 0
    var i = start &+ Int(truncatingIfNeeded: negative)
    var mantissa: UInt64 = 0
    var digits = 0, exponent = 0
    digitRun(base, &i, end, &mantissa, &digits)
    let integerDigits = digits
    if i < end && base[i] == 46 {
        i += 1
        digitRun(base, &i, end, &mantissa, &digits)
        exponent = integerDigits - digits
    }
    if digits == 0 || digits > 19 { return -1 }
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
    if mantissa > (1 << 53) || exponent < -22 || exponent > 22 { return -1 }
    var v = Double(Int64(truncatingIfNeeded: mantissa))  // exact: mantissa ≤ 2⁵³
    if exponent < 0 { v /= powerOfTen(-exponent) } else if exponent > 0 { v *= powerOfTen(exponent) }
    value = Double(bitPattern: v.bitPattern | negative << 63)
    return i
}

/// Accumulates the run of ASCII digits at `i` into `mantissa` (wrapping past 19 digits; the caller
/// checks `digits`), eight bytes per step while eight bytes remain before `end`.
@inline(__always)
func digitRun(_ base: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int, _ mantissa: inout UInt64, _ digits: inout Int) {
    while i + 8 <= end {
        let (n, v) = leadingDigits(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
        if n == 0 { return }
        mantissa = mantissa &* smallPowerOfTen(n) &+ v
        digits += n
        i += n
        if n < 8 { return }
    }
    while i < end {
        let c = base[i] &- 48
        if c >= 10 { break }
        mantissa = mantissa &* 10 &+ UInt64(c)
        digits += 1
        i += 1
    }
}

/// The number n (0…8) of leading ASCII digits in eight bytes read from memory (little-endian: the
/// first byte is the lowest) and the value of those n digits, computed with a few word operations.
@inline(__always)
func leadingDigits(_ word: UInt64) -> (count: Int, value: UInt64) {
    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
    let nibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0, zeros: UInt64 = 0x30 &* ones
    let word = UInt64(littleEndian: word)
    // A byte is a digit iff its high nibble is 3 and adding 6 keeps it 3 (0x30…0x39). A carry out of
    // a byte ≥ 0xFA only disturbs the bytes after it, which follow a non-digit anyway.
    let notDigit = ((word & nibbles) ^ zeros) | (((word &+ 6 &* ones) & nibbles) ^ zeros)
    let flags = (((notDigit & ~highs) &+ ~highs) | notDigit) & highs
    let n = flags == 0 ? 8 : flags.trailingZeroBitCount >> 3
    if n == 0 { return (0, 0) }
    // Keep the n digit values, moved to the top so that they read as an 8-digit number with leading
    // zeros (the first byte being the most significant digit); then combine pairs, quads, octets.
    var v = (word &- zeros) &<< UInt64(8 &* (8 - n))
    v = v &* 10 &+ (v >> 8)
    let mask: UInt64 = 0x0000_00FF_0000_00FF
    v = ((v & mask) &* (100 &+ (1_000_000 << 32)) &+ ((v >> 16) & mask) &* (1 &+ (10_000 << 32))) >> 32
    return (n, v)
}

/// 10ⁿ for 1 ≤ n ≤ 8.
@inline(__always)
func smallPowerOfTen(_ n: Int) -> UInt64 {
    switch n {
    case 1: 10
    case 2: 100
    case 3: 1000
    case 4: 10_000
    case 5: 100_000
    case 6: 1_000_000
    case 7: 10_000_000
    default: 100_000_000
    }
}

/// 10ⁿ for 0 ≤ n ≤ 22, exactly (every such power is a `Double`).
@inline(__always)
func powerOfTen(_ n: Int) -> Double {
    switch n {
    case 0: 1e0
    case 1: 1e1
    case 2: 1e2
    case 3: 1e3
    case 4: 1e4
    case 5: 1e5
    case 6: 1e6
    case 7: 1e7
    case 8: 1e8
    case 9: 1e9
    case 10: 1e10
    case 11: 1e11
    case 12: 1e12
    case 13: 1e13
    case 14: 1e14
    case 15: 1e15
    case 16: 1e16
    case 17: 1e17
    case 18: 1e18
    case 19: 1e19
    case 20: 1e20
    case 21: 1e21
    default: 1e22
    }
}
