/// Re-runs `f` at `x` on a tracing scalar and explains where a NaN or infinity in its value or
/// reverse-mode gradient came from: the first operation that produced one, and why.
///
/// The value is checked first (the first operation whose value became non-finite from finite
/// operands: log(0), 0/0, …); then the reverse sweep is replayed exactly as `gradient(at:of:)` runs
/// it, and the first chain-rule product adjoint × partial that became non-finite is reported:
/// a finite adjoint times an infinite partial (√ at 0), ∞·0, or ∞ − ∞ when contributions meet.
///
/// ```swift
/// try explainNonFinite(at: [0]) { x in sqrt(x[0]) }.explanation
/// // "gradient[0] is inf: the derivative of sqrt(0) (operation #1) is infinite; reached from input x[0] = 0"
/// ```
///
/// Non-finite inputs are reported as the cause, not thrown. Throws `AutoDiffError.empty` for no
/// inputs and whatever `f` throws.
public func explainNonFinite(at x: [Double], of f: ([Traced]) throws -> Traced) throws -> NonFiniteReport {
    if x.isEmpty { throw AutoDiffError.empty(what: "point") }
    let recorder = TraceRecorder()
    let inputs = x.indices.map { recorder.input($0, x[$0]) }
    let y = try f(inputs)
    let ops = recorder.operations
    let sweep = replayReverseSweep(ops, output: y.number)
    let gradient = x.indices.map { sweep.adjoint[$0] }
    func report(_ cause: NonFiniteReport.Cause, culprit: Int?, _ text: String) -> NonFiniteReport {
        let reached = culprit.map { inputsReaching($0, ops) } ?? []
        var line = text
        if !reached.isEmpty {
            line += "; reached from input" + (reached.count == 1 ? " " : "s ")
                + reached.map { "x[\($0)] = \(formatNumber(x[$0]))" }.joined(separator: ", ")
        }
        return NonFiniteReport(value: y.value, gradient: gradient, operations: ops, cause: cause, inputs: reached,
                               explanation: line)
    }
    if let i = x.indices.first(where: { !x[$0].isFinite }) {
        return report(.input(index: i), culprit: nil, "input x[\(i)] is \(formatNumber(x[i]))")
    }
    if !y.value.isFinite {
        if let op = ops.first(where: { !$0.value.isFinite && $0.operandValues.allSatisfy(\.isFinite) }) {
            return report(.value(operation: op.number), culprit: op.number,
                          "the value is \(formatNumber(y.value)): \(op.call) = \(formatNumber(op.value)) (operation #\(op.number))")
        }
        return report(.value(operation: y.number ?? 0), culprit: nil, "the value is \(formatNumber(y.value))")
    }
    guard let bad = gradient.indices.first(where: { !gradient[$0].isFinite }) else {
        return NonFiniteReport(value: y.value, gradient: gradient, operations: ops, cause: .none, inputs: [],
                               explanation: "value and gradient are finite")
    }
    let what = "gradient[\(bad)] is \(formatNumber(gradient[bad]))"
    // Only events on a path to this input count; a NaN component is explained by the first product
    // or sum that made a NaN, an infinite one by the first infinity.
    let relevant = sweep.events.filter { inputsReaching($0.operation, ops).contains(bad) }
    let firstInfinite = relevant.first { $0.kind == .infinitePartial && !$0.madeNaN }
    let firstNaN = relevant.first { $0.madeNaN }
    let event = gradient[bad].isNaN ? (firstNaN ?? firstInfinite) : (firstInfinite ?? firstNaN)
    guard let event else { return report(.none, culprit: nil, what) }
    let op = ops[event.operation]
    let at = "\(op.call) (operation #\(op.number))"
    switch event.kind {
    case .infinitePartial:
        let p = op.partials[event.slot]
        let nature = p.isNaN ? "is undefined (nan)" : "is infinite"
        return report(.infinitePartial(operation: op.number, operand: event.slot), culprit: op.number,
                      "\(what): the derivative of \(at) \(nature)")
    case .infinityTimesZero:
        let origin = sweep.events.first { $0.kind == .infinitePartial && !$0.madeNaN }?.operation
        var text = "\(what): ∞·0 in the chain rule at \(at)"
        if op.partials[event.slot] == 0, let origin, origin != op.number {
            text += ", where the infinite derivative of \(ops[origin].call) (operation #\(origin)) met a zero partial"
        } else if !op.partials[event.slot].isFinite {
            text += ": its derivative is infinite and its adjoint is 0"
        }
        return report(.infinityTimesZero(operation: op.number, operand: event.slot, origin: origin),
                      culprit: op.number, text)
    case .cancellation:
        return report(.cancellation(operation: op.number), culprit: op.number,
                      "\(what): ∞ − ∞ when the chain rule added the contributions to \(at)")
    }
}

/// A moment in the reverse sweep where a non-finite number appeared.
struct SweepEvent {
    enum Kind { case infinitePartial, infinityTimesZero, cancellation }
    let kind: Kind
    /// The operation whose partial (or, for cancellation, whose adjoint) was involved.
    let operation: Int
    /// Which operand's partial.
    let slot: Int
    /// Whether a NaN (rather than an infinity) appeared.
    let madeNaN: Bool
}

/// The reverse sweep of `gradient(at:of:)` replayed on the trace, with every moment a non-finite
/// number appeared from non-NaN ones, in sweep order.
func replayReverseSweep(_ ops: [TracedOperation], output: Int?) -> (adjoint: [Double], events: [SweepEvent]) {
    var adjoint = [Double](repeating: 0, count: ops.count)
    var events: [SweepEvent] = []
    guard let output else { return (adjoint, []) }
    adjoint[output] = 1
    for op in ops.reversed() where op.inputIndex == nil {
        let g = adjoint[op.number]
        for (slot, operand) in op.operands.enumerated() {
            guard let operand, operand < ops.count else { continue } // nil: a constant
            let p = op.partials[slot]
            let c = g * p
            if c.isNaN, !g.isNaN {
                // ∞·0 (either way round), or a NaN partial.
                events.append(SweepEvent(kind: p.isNaN ? .infinitePartial : .infinityTimesZero,
                                         operation: op.number, slot: slot, madeNaN: true))
            } else if c.isInfinite, g.isFinite {
                events.append(SweepEvent(kind: .infinitePartial, operation: op.number, slot: slot, madeNaN: false))
            }
            let sum = adjoint[operand] + c
            if sum.isNaN, !adjoint[operand].isNaN, !c.isNaN {
                events.append(SweepEvent(kind: .cancellation, operation: operand, slot: 0, madeNaN: true))
            }
            adjoint[operand] = sum
        }
    }
    return (adjoint, events)
}

/// The inputs operation `number` depends on, sorted.
func inputsReaching(_ number: Int, _ ops: [TracedOperation]) -> [Int] {
    var seen = Set<Int>()
    var stack = [number]
    var inputs = Set<Int>()
    while let n = stack.popLast() {
        guard n < ops.count, seen.insert(n).inserted else { continue }
        if let i = ops[n].inputIndex { inputs.insert(i) }
        stack.append(contentsOf: ops[n].operands.compactMap { $0 })
    }
    return inputs.sorted()
}
