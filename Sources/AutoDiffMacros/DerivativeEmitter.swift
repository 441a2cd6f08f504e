/// Writes the code of a derivative for a `StraightLineProgram`: the forward statements with each
/// active value's local partials from the rule table, then, at the end of each path, the
/// derivative in the chosen mode, and the result. A program that forks is written as the same
/// `if`, each arm with its path's code.
///
/// Reverse mode accumulates adjoints in the reverse of the order the values were computed (the
/// order a tape's sweep visits them, so the gradient is the tape's to the last bit): one sweep per
/// result seeded with 1 (the gradient, or the Jacobian's rows), or one sweep seeded with the
/// results' cotangents (the pullback, a vector–Jacobian product). Forward mode carries one tangent
/// per differentiated parameter through the values in order, as `MultiDual` does, with the
/// structurally zero tangents (of constants, and of parameters along the others' directions) left
/// out rather than multiplied.
struct DerivativeEmitter {
    /// What the generated function computes.
    enum Mode {
        /// Reverse mode, one sweep per result: the gradient, or the Jacobian's rows.
        case reverse
        /// Forward mode: one tangent per differentiated parameter.
        case forward
        /// Reverse mode, one sweep from the results' cotangents, the tuple parameter named
        /// `DerivativeEmitter.cotangentName`: the vector–Jacobian product.
        case pullback
    }

    /// The pullback's parameter holding the results' cotangents (a name the body cannot declare).
    static let cotangentName = "_cotangent"

    let program: StraightLineProgram
    let scalarType: String
    /// The differentiated parameters' names, in `wrt` order.
    let wrt: [String]
    let mode: Mode

    /// The statements of the generated function's body.
    func statements() -> [String] { lines(for: program, from: 0) }

    /// The code of `path` from its forward item `start` on.
    private func lines(for path: StraightLineProgram, from start: Int) -> [String] {
        let (needed, partials) = (neededValues(path), nodesWithPartials(path))
        var lines: [String] = []
        for item in path.forward[start..<(path.branch?.fork ?? path.forward.count)] {
            switch item {
            case .statement(let source):
                lines.append(source)
            case .node(let index):
                let node = path.nodes[index]
                if needed.contains(index) { lines.append("let \(node.name): \(scalarType) = \(node.valueSource)") }
                if partials.contains(index) { lines.append("let _d\(index) = \(node.partialSource)") }
            }
        }
        if let branch = path.branch {
            lines.append("if \(branch.condition) {")
            lines += self.lines(for: branch.then, from: branch.fork).map { "    " + $0 }
            lines.append("} else {")
            lines += self.lines(for: branch.otherwise, from: branch.fork).map { "    " + $0 }
            lines.append("}")
            return lines
        }
        let values = path.outputs.map { sourceName(path, $0) }
        var gradients: [String] = []
        switch mode {
        case .reverse:
            for (k, output) in path.outputs.enumerated() {
                let sweep = adjointSweep(path, seeds: seeds([output], named: { _ in "1" }),
                                         prefix: path.outputs.count == 1 ? "_a" : "_a\(k)_")
                lines += sweep.lines
                gradients.append(sweep.gradient)
            }
        case .pullback:
            let sweep = adjointSweep(path, seeds: seeds(path.outputs, named: { "\(Self.cotangentName).\($0)" }), prefix: "_a")
            lines += sweep.lines
            gradients.append(sweep.gradient)
        case .forward:
            let tangents = Tangents(path, needed: nodesWithPartials(path))
            lines += tangents.statements(scalarType: scalarType)
            gradients = path.outputs.map { output in
                tuple(path.inputs.indices.map { tangents.source(of: output, along: $0) })
            }
        }
        let value = values.count == 1 ? values[0] : "(\(values.joined(separator: ", ")))"
        if gradients.count == 1 {
            lines.append("return (value: \(value), gradient: \(gradients[0]))")
        } else {
            lines.append("return (value: \(value), jacobian: (\(gradients.joined(separator: ", "))))")
        }
        return lines
    }

    /// One derivative per differentiated parameter, as the generated function returns them: the
    /// value itself for one parameter, else a tuple labeled with the parameters' names.
    private func tuple(_ entries: [String]) -> String {
        guard wrt.count > 1 else { return entries[0] }
        return "(" + zip(wrt, entries).map { "\($0): \($1)" }.joined(separator: ", ") + ")"
    }

    private func sourceName(_ path: StraightLineProgram, _ value: ProgramValue) -> String {
        switch value {
        case .active(let index): path.nodes[index].name
        case .inactive(let source): source
        }
    }

    /// The active nodes `output` depends on.
    private func reaching(_ path: StraightLineProgram, _ output: ProgramValue) -> Set<Int> {
        guard case .active(let top) = output else { return [] }
        return closure(path, of: [top])
    }

    /// `seeds` with every node they are computed from.
    func closure(_ path: StraightLineProgram, of seeds: Set<Int>) -> Set<Int> {
        var result = seeds
        for index in stride(from: path.nodes.count - 1, through: 0, by: -1) where result.contains(index) {
            for case .active(let parent) in path.nodes[index].operands { result.insert(parent) }
        }
        return result
    }

    /// The nodes whose local partials some result of some path below `path` needs.
    private func nodesWithPartials(_ path: StraightLineProgram) -> Set<Int> {
        if let branch = path.branch { return nodesWithPartials(branch.then).union(nodesWithPartials(branch.otherwise)) }
        return path.outputs.reduce(into: Set<Int>()) { $0.formUnion(reaching(path, $1)) }
    }

    /// The nodes whose values are needed below `path`: for partials, or read by a condition.
    private func neededValues(_ path: StraightLineProgram) -> Set<Int> {
        guard let branch = path.branch else { return nodesWithPartials(path) }
        let read = Set(path.nodes.indices.filter { conditionReads(branch.condition, path.nodes[$0].name) })
        return closure(path, of: read).union(neededValues(branch.then)).union(neededValues(branch.otherwise))
    }

    /// Whether `condition` reads the identifier `name`.
    private func conditionReads(_ condition: String, _ name: String) -> Bool {
        condition.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).contains { $0 == name }
    }

    /// Each operand's contribution to one adjoint: (parent, partial expression).
    func contributions(_ path: StraightLineProgram, of index: Int) -> [(parent: Int, partial: String)] {
        let operands = path.nodes[index].operands
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

    /// The seeds of a sweep: each active result's node with the source of its seed (`seed(k)` for
    /// result k); a result that is a constant has no adjoint to seed.
    private func seeds(_ outputs: [ProgramValue], named seed: (Int) -> String) -> [(node: Int, seed: String)] {
        outputs.enumerated().compactMap { k, output in
            guard case .active(let node) = output else { return nil }
            return (node, seed(k))
        }
    }

    /// One reverse sweep from `seeds` (the seed `1` makes the result's partials its contributions
    /// as they are): the statements, adjoint of node i named `prefix` + i, and the gradient, the
    /// adjoints of the differentiated parameters. As on a tape, each adjoint is its seeds, in
    /// order, plus the contributions in sweep order; an adjoint that is one seed and nothing else
    /// is the seed's source itself.
    private func adjointSweep(_ path: StraightLineProgram, seeds: [(node: Int, seed: String)],
                              prefix: String) -> (lines: [String], gradient: String) {
        let reaching = closure(path, of: Set(seeds.map(\.node)))
        var writes: [Int: Int] = [:]
        for (node, _) in seeds { writes[node, default: 0] += 1 }
        for index in reaching { for (parent, _) in contributions(path, of: index) { writes[parent, default: 0] += 1 } }
        var adjoints: [Int: String] = [:]
        for (node, seed) in seeds where writes[node] == 1 { adjoints[node] = seed }
        var written: Set<Int> = []
        var lines: [String] = []
        func add(_ term: String, to node: Int) {
            let name = "\(prefix)\(node)"
            if written.insert(node).inserted {
                lines.append("\(writes[node] == 1 ? "let" : "var") \(name): \(scalarType) = \(term)")
                adjoints[node] = name
            } else {
                lines.append("\(name) = \(name) + \(term)")
            }
        }
        for (node, seed) in seeds where writes[node, default: 0] > 1 { add(seed, to: node) }
        for index in reaching.sorted(by: >) {
            guard let adjoint = adjoints[index] else { continue }
            for (parent, partial) in contributions(path, of: index) {
                add(adjoint == "1" ? partial : "\(adjoint) * \(partial)", to: parent)
            }
        }
        return (lines, tuple(path.inputs.map { adjoints[$0] ?? "0" }))
    }
}
