import Rules

/// One instruction of a compiled `Program`: a primitive of the engine applied to earlier slots.
@frozen
public enum Instruction: Sendable, Equatable {
    /// A constant.
    case constant(Double)
    /// The input at this index (in the program's variable order).
    case input(Int)
    /// A primitive of one argument applied to a slot.
    case unary(Unary, Int32)
    /// A primitive of two arguments applied to two slots.
    case binary(Binary, Int32, Int32)
    /// A kink derivative: slot `below` if slot `selector` < 0, `above` if > 0, the policy's mix at 0.
    case kink(KinkRule, name: String, selector: Int32, below: Int32, above: Int32)
}

/// An expression (or several) compiled once into a flat, topologically ordered list of the engine's
/// primitives, evaluated generically on any `Scalar` with no tree walk per point.
///
/// On `Double` it gives values; on `Reverse<Double>` the engine records it and one reverse sweep gives
/// the gradient; on `Dual`, directional derivatives; nested, higher derivatives. N-ary sums and
/// products become chains of binary `+` and `·`, so every instruction is one table primitive.
///
/// ```swift
/// let p = try Program(compiling: try Expr(parsing: "x^2 + 2*y^2"), variables: ["x", "y"])
/// p.valueWithGradient(at: [1, 2])   // (value: 9, gradient: [2, 8])
/// ```
public struct Program: Sendable {
    /// The input names, in the order `evaluate` takes their values.
    public let variables: [String]
    /// The instructions; instruction i writes slot i.
    public let instructions: [Instruction]
    /// The slots holding the outputs.
    public let outputs: [Int32]
    /// For each instruction, the expression node it completes (nil for partial sums and products).
    public let nodes: [Expr?]

    /// Compiles `expressions` over `variables`.
    ///
    /// - Throws: `SymbolicError.unknownVariable` if an expression uses a variable not listed.
    public init(compiling expressions: [Expr], variables: [String]) throws(SymbolicError) {
        var compiler = ProgramCompiler(variables: variables)
        var outputs: [Int32] = []
        for e in expressions { outputs.append(try compiler.compile(e)) }
        self.variables = variables
        self.instructions = compiler.instructions
        self.nodes = compiler.nodes
        self.outputs = outputs
    }

    /// Compiles one expression over `variables`.
    public init(compiling expression: Expr, variables: [String]) throws(SymbolicError) {
        try self.init(compiling: [expression], variables: variables)
    }

    /// Every output's value at `inputs` (one per variable, in order), computed in `T`.
    ///
    /// Cost: one primitive per instruction; one buffer of `instructions.count` values per call.
    @inlinable
    public func evaluate<T: Scalar>(_ inputs: [T]) -> [T] {
        let slots = run(inputs)
        return outputs.map { slots[Int($0)] }
    }

    /// The first output's value at `inputs`.
    @inlinable
    public func value<T: Scalar>(at inputs: [T]) -> T {
        let slots = run(inputs)
        return slots[Int(outputs[0])]
    }

    /// The value and gradient of the first output at `point`, by the reverse-mode engine.
    public func valueWithGradient(at point: [Double]) -> (value: Double, gradient: [Double]) {
        AutoDiffBridge.valueWithGradient(self, at: point)
    }

    /// Runs every instruction; returns all slots.
    @inlinable
    func run<T: Scalar>(_ inputs: [T]) -> [T] {
        var slots = [T]()
        slots.reserveCapacity(instructions.count)
        for instruction in instructions {
            switch instruction {
            case .constant(let c):
                slots.append(T(c))
            case .input(let i):
                slots.append(inputs[i])
            case .unary(let op, let x):
                slots.append(T.apply(op, slots[Int(x)]))
            case .binary(let op, let a, let b):
                slots.append(T.apply(op, slots[Int(a)], slots[Int(b)]))
            case .kink(let rule, let name, let s, let below, let above):
                let selector = slots[Int(s)].doubleValue
                if selector > 0 {
                    slots.append(slots[Int(above)])
                } else if selector < 0 || selector.isNaN {
                    slots.append(slots[Int(below)])
                } else {
                    slots.append(resolveKink(name, rule, [selector], below: slots[Int(below)], above: slots[Int(above)]))
                }
            }
        }
        return slots
    }
}

/// Lowers expressions to instructions, sharing every node and constant.
struct ProgramCompiler {
    let variables: [String]
    var instructions: [Instruction] = []
    var nodes: [Expr?] = []
    var slotOf: [Expr: Int32] = [:]
    var constantSlot: [UInt64: Int32] = [:]

    init(variables: [String]) { self.variables = variables }

    mutating func emit(_ instruction: Instruction, _ node: Expr?) -> Int32 {
        instructions.append(instruction)
        nodes.append(node)
        return Int32(instructions.count - 1)
    }

    mutating func constant(_ c: Double) -> Int32 {
        if let s = constantSlot[c.bitPattern] { return s }
        let s = emit(.constant(c), .number(c))
        constantSlot[c.bitPattern] = s
        return s
    }

    mutating func compile(_ root: Expr) throws(SymbolicError) -> Int32 {
        for e in root.topologicalOrder() where slotOf[e] == nil {
            slotOf[e] = try lower(e)
        }
        return slotOf[root] ?? 0
    }

    func slot(_ e: Expr) -> Int32 { slotOf[e] ?? 0 }

    mutating func lower(_ e: Expr) throws(SymbolicError) -> Int32 {
        switch e.kind {
        case .number(let c): return constant(c)
        case .constant(_, let c): return constant(c)
        case .variable(let name):
            guard let i = variables.firstIndex(of: name) else { throw .unknownVariable(name, known: variables) }
            return emit(.input(i), e)
        case .sum(let operands), .product(let operands):
            let op: Binary
            if case .sum = e.kind { op = .add } else { op = .multiply }
            var accumulator = slot(operands[0])
            for (i, operand) in operands.enumerated().dropFirst() {
                accumulator = emit(.binary(op, accumulator, slot(operand)), i == operands.count - 1 ? e : nil)
            }
            return accumulator
        case .unary(let op, let x):
            return emit(.unary(op, slot(x)), e)
        case .binary(let op, let a, let b):
            return emit(.binary(op, slot(a), slot(b)), e)
        case .kink(let s, let below, let above, let rule):
            return emit(.kink(rule, name: kinkName(below, above, rule), selector: slot(s), below: slot(below), above: slot(above)), e)
        }
    }

    func kinkName(_ below: Expr, _ above: Expr, _ rule: KinkRule) -> String {
        if below.isNumber(-1) && above.isNumber(1) { return "sign" }
        if rule == Unary.relu.kink { return "step" }
        return rule == Binary.max.kink ? "heaviside" : "kink"
    }
}
