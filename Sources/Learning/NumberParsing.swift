import Foundation

/// Powers of ten exactly representable as `Double` (10⁰ … 10²²).
@usableFromInline
let exactPowersOfTen: [Double] = (0...22).map { Foundation.pow(10, Double($0)) }

/// Parses a decimal number (`-12.5e3`, `.5`, `7`) from bytes, correctly rounded.
///
/// The common case — at most 19 significant digits giving a mantissa below 2⁵³ and a decimal
/// exponent within ±22 — is one exact multiplication or division (Clinger's fast path); anything
/// else goes to `strtod`. Returns nil unless the whole field is a finite number.
@inlinable
public func parseDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    var i = 0
    let n = bytes.count
    if n == 0 { return nil }
    var negative = false
    if bytes[0] == UInt8(ascii: "-") { negative = true; i = 1 } else if bytes[0] == UInt8(ascii: "+") { i = 1 }
    var mantissa: UInt64 = 0
    var digits = 0, exponent = 0, sawDigit = false
    while i < n, bytes[i] &- 48 < 10 {
        if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48); if mantissa > 0 { digits += 1 } } else { exponent += 1 }
        sawDigit = true
        i += 1
    }
    if i < n, bytes[i] == UInt8(ascii: ".") {
        i += 1
        while i < n, bytes[i] &- 48 < 10 {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48); exponent -= 1; if mantissa > 0 { digits += 1 } }
            sawDigit = true
            i += 1
        }
    }
    if !sawDigit { return slowParseDouble(bytes) }
    if i < n, bytes[i] | 0x20 == UInt8(ascii: "e") {
        i += 1
        var exponentNegative = false
        if i < n, bytes[i] == UInt8(ascii: "-") { exponentNegative = true; i += 1 } else if i < n, bytes[i] == UInt8(ascii: "+") { i += 1 }
        var e = 0, sawExponentDigit = false
        while i < n, bytes[i] &- 48 < 10 {
            if e < 100_000 { e = e * 10 + Int(bytes[i] &- 48) }
            sawExponentDigit = true
            i += 1
        }
        if !sawExponentDigit { return nil }
        exponent += exponentNegative ? -e : e
    }
    if i != n { return nil }
    if digits >= 19 || mantissa > (1 << 53) || exponent < -22 || exponent > 22 { return slowParseDouble(bytes) }
    var value = Double(mantissa)
    if exponent < 0 { value /= exactPowersOfTen[-exponent] } else { value *= exactPowersOfTen[exponent] }
    return negative ? -value : value
}

/// `strtod` on a copy of the field; nil unless it consumes the whole field and is finite.
@usableFromInline
func slowParseDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    if bytes.count > 400 { return nil }
    var copy = [CChar](repeating: 0, count: bytes.count + 1)
    for i in 0..<bytes.count { copy[i] = CChar(bitPattern: bytes[i]) }
    return copy.withUnsafeBufferPointer { c -> Double? in
        var end: UnsafeMutablePointer<CChar>?
        let value = strtod(c.baseAddress!, &end)
        guard let end, end - UnsafeMutablePointer(mutating: c.baseAddress!) == bytes.count, value.isFinite else { return nil }
        return value
    }
}
