import Foundation
import Symbolic

/// Evaluates expression text directly (recursive descent on Doubles, no canonicalization): the
/// independent reference that the parser's canonical forms must agree with.
struct DirectEvaluator {
    let chars: [Character]
    var i = 0
    let point: [Double]
    var value: Double = 0

    struct Failure: Error {}

    init(text: String, point: [Double]) throws {
        chars = Array(text.filter { $0 != " " })
        self.point = point
        value = try sum()
    }

    mutating func sum() throws -> Double {
        var v = try product()
        while i < chars.count, chars[i] == "+" || chars[i] == "-" {
            let op = chars[i]; i += 1
            let r = try product()
            v = op == "+" ? v + r : v - r
        }
        return v
    }

    mutating func product() throws -> Double {
        var v = try unary()
        while i < chars.count, chars[i] == "*" || chars[i] == "/" {
            let op = chars[i]; i += 1
            let r = try unary()
            v = op == "*" ? v * r : v / r
        }
        return v
    }

    mutating func unary() throws -> Double {
        if chars[i] == "-" { i += 1; return -(try unary()) }
        return try power()
    }

    mutating func power() throws -> Double {
        let base = try atom()
        if i < chars.count, chars[i] == "^" {
            i += 1
            let e = try unary()
            return Foundation.pow(base, e)
        }
        return base
    }

    mutating func atom() throws -> Double {
        if chars[i] == "(" {
            i += 1
            let v = try sum()
            i += 1
            return v
        }
        var token = ""
        while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "." { token.append(chars[i]); i += 1 }
        if let v = Double(token) { return v }
        switch token {
        case "x": return point[0]
        case "y": return point[1]
        case "z": return point[2]
        case "pi": return Double.pi
        default: break
        }
        i += 1
        var args = [try sum()]
        while chars[i] == "," { i += 1; args.append(try sum()) }
        i += 1
        let a = args[0]
        switch token {
        case "sin": return Foundation.sin(a)
        case "cos": return Foundation.cos(a)
        case "tanh": return Foundation.tanh(a)
        case "exp": return Foundation.exp(a)
        case "log": return Foundation.log(a)
        case "sqrt": return Foundation.sqrt(a)
        case "sigmoid": return 1 / (1 + Foundation.exp(-a))
        case "softplus": return Foundation.log(1 + Foundation.exp(a))
        case "abs": return Swift.abs(a)
        case "relu": return Swift.max(a, 0)
        case "max": return Swift.max(a, args[1])
        case "min": return Swift.min(a, args[1])
        default: throw Failure()
        }
    }
}
