/// One token of expression text, with its character offset.
struct Token: Equatable {
    enum Kind: Equatable {
        case number(Double)
        case name(String)
        case symbol(Character)   // + - * / ^ ( ) ,
        case end
    }
    let kind: Kind
    let position: Int
}

/// Splits expression text into tokens (`**` becomes `^`).
enum Lexer {
    static func tokens(_ text: String) throws(ParseError) -> [Token] {
        let chars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
        func isNameStart(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            let start = i
            if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
                while i < chars.count && isDigit(chars[i]) { i += 1 }
                if i < chars.count && chars[i] == "." { i += 1; while i < chars.count && isDigit(chars[i]) { i += 1 } }
                if i < chars.count && (chars[i] == "e" || chars[i] == "E") {
                    var j = i + 1
                    if j < chars.count && (chars[j] == "+" || chars[j] == "-") { j += 1 }
                    if j < chars.count && isDigit(chars[j]) {
                        i = j
                        while i < chars.count && isDigit(chars[i]) { i += 1 }
                    }
                }
                let literal = String(String.UnicodeScalarView(chars[start..<i]))
                guard let value = Double(literal), value.isFinite else {
                    throw ParseError("number '\(literal)' is out of range", at: start, in: text)
                }
                tokens.append(Token(kind: .number(value), position: start))
            } else if isNameStart(c) {
                while i < chars.count && (isNameStart(chars[i]) || isDigit(chars[i])) { i += 1 }
                tokens.append(Token(kind: .name(String(String.UnicodeScalarView(chars[start..<i]))), position: start))
            } else if c == "*" && i + 1 < chars.count && chars[i + 1] == "*" {
                tokens.append(Token(kind: .symbol("^"), position: start))
                i += 2
            } else if "+-*/^(),".unicodeScalars.contains(c) {
                tokens.append(Token(kind: .symbol(Character(c)), position: start))
                i += 1
            } else {
                throw ParseError("unexpected character '\(Character(c))'", at: start, in: text)
            }
        }
        tokens.append(Token(kind: .end, position: chars.count))
        return tokens
    }
}
