import Rules

extension Expr {
    /// Parses expression text: numbers (`2`, `1e-3`), `pi`, `e`, variables, `+ - * / ^` (`**` is `^`;
    /// `^` is right-associative and binds tighter than unary minus, so `-x^2` is −(x²)), parentheses, and
    /// calls of the engine's primitives (`sqrt exp log ln log1p expm1 sin cos tan tanh sigmoid softplus
    /// abs relu`, `pow(a, b)`, `max`/`min` of two or more arguments) and of the kink derivatives the
    /// printer writes (`sign`, `step`, `heaviside`, `kink`).
    ///
    /// The parser is iterative (operator precedence with explicit stacks), so absurd input gives an
    /// error, never a stack overflow; nesting deeper than `Expr.maximumNesting` is rejected.
    ///
    /// - Throws: `ParseError` naming what was expected and where.
    public init(parsing text: String) throws(ParseError) {
        var parser = Parser(text)
        self = try parser.parse()
    }

    /// The deepest nesting of parentheses, calls and operators that parsing accepts.
    public static let maximumNesting = 10_000
}

/// The syntax tree the parser builds before canonicalization (so long sums stay linear-time).
private enum Syntax {
    case number(Double)
    case name(String, Int)
    case sum(Int)               // index into `Parser.sums`: (node, negated) terms
    case product(Int)           // index into `Parser.products`: (node, divided) factors
    case power(Int, Int)
    case negate(Int)
    case call(String, [Int], Int)
}

private enum StackItem {
    case binary(Character, Int)
    case negate(Int)
    case paren(Int)
    case call(String, Int, Int)   // name, position, arguments so far

    var precedence: Int {
        switch self {
        case .binary("+", _), .binary("-", _): 1
        case .binary("^", _): 4
        case .binary: 2
        case .negate: 3
        case .paren, .call: 0
        }
    }
}

private struct Parser {
    let text: String
    var nodes: [Syntax] = []
    var sums: [[(Int, Bool)]] = []
    var products: [[(Int, Bool)]] = []
    var operands: [Int] = []
    var stack: [StackItem] = []

    init(_ text: String) { self.text = text }

    func error(_ message: String, _ position: Int) -> ParseError { ParseError(message, at: position, in: text) }

    mutating func add(_ s: Syntax) -> Int {
        nodes.append(s)
        return nodes.count - 1
    }

    mutating func parse() throws(ParseError) -> Expr {
        let tokens = try Lexer.tokens(text)
        var expectOperand = true
        var nesting = 0
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if expectOperand {
                switch token.kind {
                case .number(let v):
                    operands.append(add(.number(v)))
                    expectOperand = false
                case .name(let name):
                    if case .symbol("(") = tokens[index].kind {
                        index += 1
                        if case .symbol(")") = tokens[index].kind {
                            throw error("expected an argument for '\(name)'", tokens[index].position)
                        }
                        stack.append(.call(name, token.position, 1))
                        nesting = stack.count
                    } else if Parser.isFunctionName(name) {
                        throw error("expected '(' after function '\(name)'", tokens[index].position)
                    } else {
                        operands.append(add(.name(name, token.position)))
                        expectOperand = false
                    }
                case .symbol("("):
                    stack.append(.paren(token.position))
                    nesting = stack.count
                case .symbol("-"):
                    stack.append(.negate(token.position))
                    nesting = stack.count
                case .symbol("+"):
                    break
                case .end:
                    throw error("expected an expression", token.position)
                case .symbol(let c):
                    throw error("expected a number, variable, function or '(' before '\(c)'", token.position)
                }
                if nesting > Expr.maximumNesting {
                    throw error("expression nested deeper than \(Expr.maximumNesting) levels", token.position)
                }
                continue
            }
            switch token.kind {
            case .symbol(let c) where "+-*/^".contains(c):
                let item = StackItem.binary(c, token.position)
                while let top = stack.last, top.precedence > item.precedence
                        || (top.precedence == item.precedence && c != "^") {
                    try reduce()
                }
                stack.append(item)
                nesting = stack.count
                if nesting > Expr.maximumNesting {
                    throw error("expression nested deeper than \(Expr.maximumNesting) levels", token.position)
                }
                expectOperand = true
            case .symbol(")"):
                try reduceUntilGroup(closing: token.position)
                switch stack.removeLast() {
                case .call(let name, let position, let count):
                    let arguments = Array(operands.suffix(count))
                    operands.removeLast(count)
                    operands.append(add(.call(name, arguments, position)))
                default:
                    break
                }
                nesting = stack.count
                expectOperand = false
            case .symbol(","):
                try reduceUntilGroup(closing: token.position)
                guard case .call(let name, let position, let count) = stack.removeLast() else {
                    throw error("unexpected ',' outside a function call", token.position)
                }
                stack.append(.call(name, position, count + 1))
                nesting = stack.count
                expectOperand = true
            case .end:
                while let top = stack.last {
                    switch top {
                    case .paren(let p), .call(_, let p, _):
                        throw error("expected ')' to close the '(' of column \(p + 1)", token.position)
                    default: try reduce()
                    }
                }
            case .symbol(let c):
                throw error("expected an operator or ')' before '\(c)'", token.position)
            case .number, .name:
                throw error("expected an operator (+ - * / ^) or ')'", token.position)
            }
        }
        guard operands.count == 1 else { throw error("expected an expression", 0) }
        return try build(operands[0])
    }

    /// Reduces operators until a '(' or a call is on top; throws for an unmatched ')'.
    mutating func reduceUntilGroup(closing position: Int) throws(ParseError) {
        while let top = stack.last {
            switch top {
            case .paren, .call: return
            default: try reduce()
            }
        }
        throw error("unmatched ')'", position)
    }

    /// Applies the operator on top of the stack to its operands.
    mutating func reduce() throws(ParseError) {
        switch stack.removeLast() {
        case .negate:
            let x = operands.removeLast()
            operands.append(add(.negate(x)))
        case .binary(let c, _):
            let b = operands.removeLast()
            let a = operands.removeLast()
            switch c {
            case "+", "-":
                if case .sum(let k) = nodes[a] {
                    sums[k].append((b, c == "-"))
                    operands.append(a)
                } else {
                    sums.append([(a, false), (b, c == "-")])
                    operands.append(add(.sum(sums.count - 1)))
                }
            case "*", "/":
                if case .product(let k) = nodes[a] {
                    products[k].append((b, c == "/"))
                    operands.append(a)
                } else {
                    products.append([(a, false), (b, c == "/")])
                    operands.append(add(.product(products.count - 1)))
                }
            default:
                operands.append(add(.power(a, b)))
            }
        case .paren, .call:
            break
        }
    }

    static func isFunctionName(_ name: String) -> Bool {
        Unary(name: name) != nil || ["max", "min", "pow", "sign", "step", "heaviside", "kink"].contains(name)
    }

    func children(_ s: Syntax) -> [Int] {
        switch s {
        case .number, .name: []
        case .sum(let k): sums[k].map(\.0)
        case .product(let k): products[k].map(\.0)
        case .power(let a, let b): [a, b]
        case .negate(let x): [x]
        case .call(_, let args, _): args
        }
    }

    /// Canonicalizes the syntax tree into an `Expr`, children first (iterative).
    func build(_ root: Int) throws(ParseError) -> Expr {
        var built = [Expr?](repeating: nil, count: nodes.count)
        var work: [(Int, Bool)] = [(root, false)]
        while let (i, ready) = work.popLast() {
            if !ready {
                work.append((i, true))
                for c in children(nodes[i]) where built[c] == nil { work.append((c, false)) }
                continue
            }
            if built[i] != nil { continue }
            let e = try convert(nodes[i]) { built[$0] ?? .number(0) }
            if e.height > Expr.maximumNesting {
                throw error("expression nested deeper than \(Expr.maximumNesting) levels", 0)
            }
            built[i] = e
        }
        return built[root] ?? .number(0)
    }

    func convert(_ s: Syntax, _ get: (Int) -> Expr) throws(ParseError) -> Expr {
        switch s {
        case .number(let v): return .number(v)
        case .name(let name, _):
            switch name {
            case "pi": return .pi
            case "e": return .e
            default: return .variable(name)
            }
        case .sum(let k): return .sum(sums[k].map { $1 ? Expr.negated(get($0)) : get($0) })
        case .product(let k): return .product(products[k].map { $1 ? Expr.unary(.powInt(-1), get($0)) : get($0) })
        case .power(let a, let b): return .binary(.pow, get(a), get(b))
        case .negate(let x): return Expr.negated(get(x))
        case .call(let name, let argumentIndices, let position):
            let args = argumentIndices.map(get)
            func arity(_ n: Int) throws(ParseError) {
                if args.count != n {
                    throw error("function '\(name)' takes \(n) argument\(n == 1 ? "" : "s"), got \(args.count)", position)
                }
            }
            if let op = Unary(name: name) {
                try arity(1)
                return .unary(op, args[0])
            }
            switch name {
            case "max", "min":
                guard args.count >= 2 else {
                    throw error("function '\(name)' takes two or more arguments, got \(args.count)", position)
                }
                let op: Binary = name == "max" ? .max : .min
                return args.dropFirst().reduce(args[0]) { Expr.binary(op, $0, $1) }
            case "pow":
                try arity(2)
                return .binary(.pow, args[0], args[1])
            case "sign", "step", "heaviside":
                try arity(1)
                let rule: KinkRule? = name == "sign" ? Unary.abs.kink : (name == "step" ? Unary.relu.kink : Binary.max.kink)
                let below: Expr = name == "sign" ? -1 : 0
                return .kink(selector: args[0], below: below, above: 1, rule: rule ?? KinkRule(minimumNormWeight: 0.5))
            case "kink":
                try arity(4)
                guard let theta = args[3].numberValue, theta >= 0, theta <= 1 else {
                    throw error("the last argument of 'kink' must be a number in [0, 1]", position)
                }
                return .kink(selector: args[0], below: args[1], above: args[2], rule: KinkRule(minimumNormWeight: theta))
            default:
                throw error("unknown function '\(name)'", position)
            }
        }
    }
}
