// Symbolic benchmark: differentiate and print three expression families (Slope here, SymPy in
// sympy_bench.py on the same RPN files), and compiled value+gradient at 10⁶ points against the
// reverse-mode engine on the same function written in Swift. Built by run.sh (swiftc -O, one module).
import Foundation

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Best of `repeats` runs.
func best(_ repeats: Int, _ body: () -> Void) -> Double {
    (0..<repeats).map { _ in seconds(body) }.min() ?? 0
}

struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// A random expression of `nodes` nodes in reverse Polish notation (one token per line).
func randomRPN(nodes: Int, random: inout Random) -> [String] {
    var out: [String] = []
    var work: [(Int, Bool, String)] = [(nodes, false, "")]   // (size, emitOperator, operator)
    while let (n, emit, op) = work.popLast() {
        if emit { out.append(op); continue }
        if n <= 1 {
            out.append(["x", "y", "z", "2", "3"][random.below(5)])
            continue
        }
        if n == 2 || random.below(3) == 0 {
            let f = ["sin", "cos", "exp", "tanh"][random.below(4)]
            work.append((0, true, f))
            work.append((n - 1, false, ""))
        } else {
            let left = 1 + random.below(n - 2)
            let f = ["add", "sub", "mul", "mul"][random.below(4)]
            work.append((0, true, f))
            work.append((n - 1 - left, false, ""))
            work.append((left, false, ""))
        }
    }
    return out
}

func sinChainRPN(levels: Int) -> [String] { ["x"] + Array(repeating: "sin", count: levels) }

/// Σ_{i=1}^{count} (x + i)·(y − i)·z^i
func sumOfProductsRPN(count: Int) -> [String] {
    var out: [String] = []
    for i in 1...count {
        out += ["x", "\(i)", "add", "y", "\(i)", "sub", "mul", "z", "\(i)", "pow", "mul"]
        if i > 1 { out.append("add") }
    }
    return out
}

func build(_ rpn: [String]) -> Expr {
    var stack: [Expr] = []
    for token in rpn {
        switch token {
        case "add", "sub", "mul", "pow":
            let b = stack.removeLast(), a = stack.removeLast()
            switch token {
            case "add": stack.append(a + b)
            case "sub": stack.append(a - b)
            case "mul": stack.append(a * b)
            default: stack.append(Expr.binary(.pow, a, b))
            }
        case "sin": stack.append(sin(stack.removeLast()))
        case "cos": stack.append(cos(stack.removeLast()))
        case "exp": stack.append(exp(stack.removeLast()))
        case "tanh": stack.append(tanh(stack.removeLast()))
        default:
            if let v = Double(token) { stack.append(.number(v)) } else { stack.append(.variable(token)) }
        }
    }
    return stack[0]
}

let outputDirectory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "."
var random = Random(state: 42)
let families: [(String, [String])] = [
    ("random-10000-nodes", randomRPN(nodes: 10_000, random: &random)),
    ("random-1000-nodes", randomRPN(nodes: 1_000, random: &random)),
    ("sin-chain-1000", sinChainRPN(levels: 1000)),
    ("sum-of-1000-products", sumOfProductsRPN(count: 1000)),
]
for (name, rpn) in families {
    try rpn.joined(separator: "\n").write(toFile: "\(outputDirectory)/\(name).rpn", atomically: true, encoding: .utf8)
    let f = build(rpn)
    var printed = ""
    // Fresh nodes every repetition would be unfair to the interner's cache; differentiation memo is per call.
    let t = best(3) { printed = derivative(of: f, withRespectTo: "x").description }
    print("slope \(name) seconds=\(t) chars=\(printed.count) nodes=\(f.nodeCount)")
}

// Compiled value + gradient at 10⁶ points versus the engine on the same function written in Swift.
func handWritten<T: Scalar>(_ v: [T]) -> T {
    let (x, y, z) = (v[0], v[1], v[2])
    let squares: T = x * x + 2 * y * y + 3 * z * z
    let smooth: T = sin(x * y) + exp(-(z * z) / 2)
    let mixed: T = log(1 + x * x) * tanh(y - z)
    return squares + smooth + mixed
}
let text = "x^2 + 2*y^2 + 3*z^2 + sin(x*y) + exp(-z^2/2) + log(1 + x^2)*tanh(y - z)"
let program = try Program(compiling: try Expr(parsing: text), variables: ["x", "y", "z"])
let points = 1_000_000
var checksumEngine = 0.0, checksumCompiled = 0.0
let engine = best(3) {
    var s = 0.0
    for i in 0..<points {
        let p = [Double(i % 1000) / 500 - 1, Double(i % 777) / 400 - 1, Double(i % 555) / 300 - 1]
        let (value, gradient) = valueWithGradient(at: p, of: handWritten)
        s += value + gradient[0] + gradient[1] + gradient[2]
    }
    checksumEngine = s
}
let compiled = best(3) {
    var s = 0.0
    for i in 0..<points {
        let p = [Double(i % 1000) / 500 - 1, Double(i % 777) / 400 - 1, Double(i % 555) / 300 - 1]
        let (value, gradient) = program.valueWithGradient(at: p)
        s += value + gradient[0] + gradient[1] + gradient[2]
    }
    checksumCompiled = s
}
print("compiled-gradient points=\(points) engine_seconds=\(engine) compiled_seconds=\(compiled) ratio=\(compiled / engine) checksum_delta=\(Swift.abs(checksumEngine - checksumCompiled) / Swift.abs(checksumEngine))")
