/// Forward mode on a straight-line path: each active value's tangent along each differentiated
/// parameter, in the order the values are computed. A tangent is known at expansion time to be 0
/// (constants, and a parameter along another parameter's direction) or 1 (a parameter along its
/// own), and such tangents are not materialized: 0 drops its term, 1 leaves the partial alone.
struct Tangents {
    /// A tangent: structurally 0 or 1, or a value the generated code names.
    enum Tangent: Equatable {
        case zero, one
        case named(String)
    }

    private let path: StraightLineProgram
    private var tangents: [Int: [Tangent]] = [:]
    private var lines: [String] = []

    /// The tangents of the `needed` nodes (those some result depends on).
    init(_ path: StraightLineProgram, needed: Set<Int>) {
        self.path = path
        for (direction, input) in path.inputs.enumerated() {
            tangents[input] = path.inputs.indices.map { $0 == direction ? .one : .zero }
        }
        for index in needed.sorted() where !path.nodes[index].isInput {
            tangents[index] = path.inputs.indices.map { direction in tangent(of: index, along: direction) }
        }
    }

    /// The statements computing the materialized tangents.
    func statements(scalarType: String) -> [String] {
        var result: [String] = []
        for index in tangents.keys.sorted() where !path.nodes[index].isInput {
            for (direction, tangent) in tangents[index]!.enumerated() {
                if case .named(let name) = tangent {
                    result.append("let \(name): \(scalarType) = \(definition(of: index, along: direction))")
                }
            }
        }
        return result
    }

    /// The source of `value`'s tangent along direction `direction`.
    func source(of value: ProgramValue, along direction: Int) -> String {
        guard case .active(let index) = value, let tangent = tangents[index]?[direction] else { return "0" }
        switch tangent {
        case .zero: return "0"
        case .one: return "1"
        case .named(let name): return name
        }
    }

    /// Node `index`'s tangent along `direction`: its partials times its operands' tangents.
    private func tangent(of index: Int, along direction: Int) -> Tangent {
        terms(of: index, along: direction).isEmpty ? .zero : .named("_t\(index)_\(direction)")
    }

    /// The nonzero terms partial × operand tangent of node `index` along `direction`.
    private func terms(of index: Int, along direction: Int) -> [(partial: String, operand: Tangent)] {
        let node = path.nodes[index]
        let partials = node.operands.count == 1 ? ["_d\(index)"] : ["_d\(index).0", "_d\(index).1"]
        if node.operands.count == 2, case .active(let a) = node.operands[0], case .active(let b) = node.operands[1], a == b {
            // x op x: the summed partials, as `MultiDual` and a tape combine them.
            let t = tangents[a]?[direction] ?? .zero
            return t == .zero ? [] : [("(_d\(index).0 + _d\(index).1)", t)]
        }
        return zip(node.operands, partials).compactMap { operand, partial in
            guard case .active(let parent) = operand, let t = tangents[parent]?[direction], t != .zero else { return nil }
            return (partial, t)
        }
    }

    /// The right-hand side of a materialized tangent.
    private func definition(of index: Int, along direction: Int) -> String {
        terms(of: index, along: direction).map { partial, operand in
            switch operand {
            case .one: partial
            case .named(let name): "\(partial) * \(name)"
            case .zero: "0"
            }
        }.joined(separator: " + ")
    }
}
