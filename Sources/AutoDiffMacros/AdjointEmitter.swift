/// Writes the code of a reverse-mode gradient for a `StraightLineProgram`: the forward statements
/// with each active value's local partials from the rule table, then the adjoints, accumulated in
/// the reverse of the order the values were computed (the order a tape's sweep visits them, so the
/// gradient is the tape's to the last bit), and the result.
struct AdjointEmitter {
    let program: StraightLineProgram
    let scalarType: String
    /// The differentiated parameters' names, in `wrt` order.
    let wrt: [String]

    /// The statements of the generated function's body.
    func statements() -> [String] {
        let reaching = nodesReachingOutput()
        var lines: [String] = []
        for item in program.forward {
            switch item {
            case .statement(let source):
                lines.append(source)
            case .node(let index) where reaching.contains(index):
                let node = program.nodes[index]
                lines.append("let \(node.name): \(scalarType) = \(node.valueSource)")
                lines.append("let _d\(index) = \(node.partialSource)")
            case .node:
                break
            }
        }
        lines += adjointStatements(reaching: reaching)
        let gradient = program.inputs.map { input -> String in
            if case .active(input) = program.output { return "1" }
            return contributionCounts(reaching: reaching)[input, default: 0] > 0 ? "_a\(input)" : "0"
        }
        let labeled = zip(wrt, gradient).map { "\($0): \($1)" }
        let gradientSource = wrt.count == 1 ? gradient[0] : "(\(labeled.joined(separator: ", ")))"
        lines.append("return (value: \(valueSource), gradient: \(gradientSource))")
        return lines
    }

    private var valueSource: String {
        switch program.output {
        case .active(let index): program.nodes[index].name
        case .inactive(let source): source
        }
    }

    /// The active nodes the output depends on.
    private func nodesReachingOutput() -> Set<Int> {
        guard case .active(let output) = program.output else { return [] }
        var reaching: Set<Int> = [output]
        for index in stride(from: output, through: 0, by: -1) where reaching.contains(index) {
            for case .active(let parent) in program.nodes[index].operands { reaching.insert(parent) }
        }
        return reaching
    }

    /// Each operand's contributions to one adjoint: (parent, partial expression).
    private func contributions(of index: Int) -> [(parent: Int, partial: String)] {
        let operands = program.nodes[index].operands
        switch operands.count {
        case 1:
            if case .active(let parent) = operands[0] { return [(parent, "_d\(index)")] }
            return []
        case 2:
            if case .active(let a) = operands[0], case .active(let b) = operands[1], a == b {
                // x op x: one update with the summed partials, as a tape records it.
                return [(a, "(_d\(index).0 + _d\(index).1)")]
            }
            var result: [(Int, String)] = []
            if case .active(let a) = operands[0] { result.append((a, "_d\(index).0")) }
            if case .active(let b) = operands[1] { result.append((b, "_d\(index).1")) }
            return result
        default:
            return []
        }
    }

    private func contributionCounts(reaching: Set<Int>) -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for index in reaching { for (parent, _) in contributions(of: index) { counts[parent, default: 0] += 1 } }
        return counts
    }

    private func adjointStatements(reaching: Set<Int>) -> [String] {
        guard case .active(let output) = program.output else { return [] }
        let counts = contributionCounts(reaching: reaching)
        var written: [Int: Int] = [:]
        var lines: [String] = []
        for index in reaching.sorted(by: >) {
            for (parent, partial) in contributions(of: index) {
                // The output's adjoint is 1: its partials are its contributions.
                let term = index == output ? partial : "_a\(index) * \(partial)"
                let done = written[parent, default: 0]
                written[parent] = done + 1
                if done > 0 {
                    lines.append("_a\(parent) = _a\(parent) + \(term)")
                } else {
                    let keyword = counts[parent] == 1 ? "let" : "var"
                    lines.append("\(keyword) _a\(parent): \(scalarType) = \(term)")
                }
            }
        }
        return lines
    }
}
