import Rules

/// The chain rule run as backpropagation on a compiled program at one point: every node's forward
/// value, its local partial derivatives (from the rule table, with the kink policy at ties), and the
/// adjoint ∂f/∂node accumulated by the reverse sweep — micrograd's picture, as data.
public struct BackpropTrace: Sendable {
    /// One instruction of the sweep.
    public struct Row: Sendable {
        /// The slot number.
        public let slot: Int
        /// What the instruction computes (`sin`, `*`, `x`, `3`).
        public let operation: String
        /// The slots it reads.
        public let operands: [Int]
        /// The subexpression it completes, or nil for a partial sum or product.
        public let expression: Expr?
        /// Its forward value.
        public let value: Double
        /// ∂(this)/∂(operand) for each operand.
        public let partials: [Double]
        /// ∂f/∂(this), accumulated in the reverse sweep.
        public let adjoint: Double
    }

    /// The rows in evaluation order (the reverse sweep visits them backwards).
    public let rows: [Row]
    /// The output's value.
    public let value: Double
    /// ∂f/∂(variable) for each variable of the program.
    public let gradient: [Double]

    /// Runs `program`'s first output forward at `point`, then the reverse sweep, recording both.
    public init(program: Program, at point: [Double]) {
        let instructions = program.instructions
        var values = [Double](repeating: 0, count: instructions.count)
        var partials = [[Double]](repeating: [], count: instructions.count)
        var operands = [[Int]](repeating: [], count: instructions.count)
        var names = [String](repeating: "", count: instructions.count)
        for (i, instruction) in instructions.enumerated() {
            switch instruction {
            case .constant(let c):
                values[i] = c
                names[i] = ExprPrinter.number(c)
            case .input(let k):
                values[i] = point[k]
                names[i] = program.variables[k]
            case .unary(let op, let x):
                let xv = values[Int(x)]
                values[i] = op.evaluate(xv)
                partials[i] = [localDerivative(op, at: xv, value: values[i])]
                operands[i] = [Int(x)]
                names[i] = switch op {
                case .powInt(let n): "^\(n)"
                case .power(let c): "^\(ExprPrinter.number(c))"
                default: op.name
                }
            case .binary(let op, let a, let b):
                let (av, bv) = (values[Int(a)], values[Int(b)])
                values[i] = op.evaluate(av, bv)
                let (pa, pb) = localPartials(op, at: av, bv, value: values[i])
                partials[i] = [pa, pb]
                operands[i] = [Int(a), Int(b)]
                names[i] = op.name
            case .kink(let rule, let name, let s, let below, let above):
                let sv = values[Int(s)]
                let theta = kinkWeight(selector: sv, rule)
                values[i] = (1 - theta) * values[Int(below)] + theta * values[Int(above)]
                if theta == 1 { values[i] = values[Int(above)] }
                if theta == 0 { values[i] = values[Int(below)] }
                partials[i] = [0, 1 - theta, theta]
                operands[i] = [Int(s), Int(below), Int(above)]
                names[i] = name
            }
        }
        var adjoints = [Double](repeating: 0, count: instructions.count)
        let output = Int(program.outputs[0])
        if !instructions.isEmpty { adjoints[output] = 1 }
        for i in stride(from: instructions.count - 1, through: 0, by: -1) {
            for (operand, partial) in zip(operands[i], partials[i]) where adjoints[i] != 0 {
                adjoints[operand] += adjoints[i] * partial
            }
        }
        rows = instructions.indices.map {
            Row(slot: $0, operation: names[$0], operands: operands[$0], expression: program.nodes[$0],
                value: values[$0], partials: partials[$0], adjoint: adjoints[$0])
        }
        value = instructions.isEmpty ? 0 : values[output]
        gradient = program.variables.indices.map { k in
            zip(instructions, adjoints).reduce(0.0) { sum, pair in
                if case .input(k) = pair.0 { return sum + pair.1 }
                return sum
            }
        }
    }

    /// The trace as a text table, one node per line, columns as wide as their widest cell.
    public var text: String {
        let header = ["slot", "operation", "value", "local partials", "adjoint ∂f/∂node", "expression"]
        let cells: [[String]] = rows.map { row in
            let op = row.operands.isEmpty ? row.operation
                : "\(row.operation)(\(row.operands.map { "%\($0)" }.joined(separator: ", ")))"
            let partials = row.partials.map(ExprPrinter.number).joined(separator: ", ")
            var expression = row.expression?.description ?? "(partial)"
            if expression.count > 40 { expression = String(expression.prefix(39)) + "…" }
            return ["%\(row.slot)", op, ExprPrinter.number(row.value),
                    partials.isEmpty ? "—" : "[\(partials)]", ExprPrinter.number(row.adjoint), expression]
        }
        let widths = header.indices.map { c in ([header] + cells).map { $0[c].count }.max() ?? 0 }
        return ([header] + cells).map { line in
            line.indices.map { c in c == line.count - 1 ? line[c] : line[c].padded(widths[c] + 2) }.joined()
        }.joined(separator: "\n")
    }
}

extension String {
    func padded(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
