import Rules

// Loops of the elementwise operations, written so the compiler sees the primitive as a constant:
// `specialized` calls its body with a literal `Binary` for the common arithmetic primitives, and
// once the body is inlined the per-element `switch` inside `Binary.evaluate`, `localPartials` and
// the rule table folds away, leaving straight-line loops the compiler vectorizes. The arithmetic
// and the derivatives are still the rule table's; only the dispatch moves out of the loop.

/// Calls `body` with `op` as a compile-time constant for add, subtract, multiply and divide.
@inline(always)
func specialized<R>(_ op: Binary, _ body: (Binary) -> R) -> R {
    switch op {
    case .add: body(.add)
    case .subtract: body(.subtract)
    case .multiply: body(.multiply)
    case .divide: body(.divide)
    default: body(op)
    }
}

/// A loop over one unary primitive for `specialized(_:_:)` to run with the primitive a compile-time
/// constant. A type rather than a closure: its `run` (marked `@inline(always)`) is inlined into
/// each case, where a closure's body may be compiled once with the primitive a run-time value
/// (measured: the sum-applying pullback switched on the primitive per element). Loops over
/// `Unary.evaluate` and `localDerivative` then specialize to one primitive.
protocol UnaryLoop {
    /// Runs the loop for `op`.
    func run(_ op: Unary)
}

/// Runs `loop` with `op` as a compile-time constant of its case (`.powInt(2)` included).
@inline(always)
func specialized<L: UnaryLoop>(_ op: Unary, _ loop: L) {
    switch op {
    case .negate: loop.run(.negate)
    case .sqrt: loop.run(.sqrt)
    case .exp: loop.run(.exp)
    case .log: loop.run(.log)
    case .log1p: loop.run(.log1p)
    case .expm1: loop.run(.expm1)
    case .sin: loop.run(.sin)
    case .cos: loop.run(.cos)
    case .tan: loop.run(.tan)
    case .tanh: loop.run(.tanh)
    case .sigmoid: loop.run(.sigmoid)
    case .softplus: loop.run(.softplus)
    case .abs: loop.run(.abs)
    case .relu: loop.run(.relu)
    case .powInt(2): loop.run(.powInt(2))
    case .powInt(let n): loop.run(.powInt(n))
    case .power(let c): loop.run(.power(c))
    }
}

extension Binary {
    /// Whether the table's partials are the same at every point (sums and differences), so a
    /// pullback can read them once instead of once per scalar.
    var hasConstantPartials: Bool { self == .add || self == .subtract }
}

/// How an operand of an elementwise kernel is read: one scalar for every element, or elementwise.
enum OperandLayout {
    /// The operand has the result's shape: element k is read at k.
    case full
    /// The operand holds one scalar, read for every k.
    case scalar
}

/// out[k] = op(a[k or 0], b[k or 0]) for k in out's range.
@inline(__always)
func evaluateKernel(_ op: Binary, _ a: UnsafeBufferPointer<Double>, _ aScalar: Bool,
                    _ b: UnsafeBufferPointer<Double>, _ bScalar: Bool, into out: UnsafeMutableBufferPointer<Double>) {
    for k in 0..<out.count { out[k] = op.evaluate(a[aScalar ? 0 : k], b[bScalar ? 0 : k]) }
}

/// out[k] = g[k] · ∂op/∂(operand `first ? a : b`) at (a[k or 0], b[k or 0]), from the rule table
/// (or out[k] += … when `adding`), for a smooth primitive (kinked ones need `localPartials`, which
/// also logs each kink once). The branches sit outside the loops, so each loop is straight-line.
@inline(__always)
func partialKernel(_ op: Binary, first: Bool, adding: Bool, _ a: UnsafeBufferPointer<Double>, _ aScalar: Bool,
                   _ b: UnsafeBufferPointer<Double>, _ bScalar: Bool, _ y: UnsafeBufferPointer<Double>,
                   _ g: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
    // For smooth primitives `localPartials` is the table's entry itself; calling the entry
    // directly lets it inline into the loop.
    @inline(__always) func partial(_ k: Int) -> Double {
        let (da, db) = op.partials(at: a[aScalar ? 0 : k], b[bScalar ? 0 : k], value: y[k])
        return first ? da : db
    }
    if adding {
        for k in 0..<out.count { out[k] += g[k] * partial(k) }
    } else {
        for k in 0..<out.count { out[k] = g[k] * partial(k) }
    }
}

extension Tensor {
    /// op(a, b) elementwise when each operand has `shape` or holds one scalar (the layouts
    /// broadcasting needs no index map for); the caller checks the layouts.
    static func evaluate(_ op: Binary, _ a: Tensor, _ aLayout: OperandLayout, _ b: Tensor, _ bLayout: OperandLayout,
                         shape: [Int], count: Int) -> Tensor {
        let scalars = [Double](unsafeUninitializedCapacity: count) { out, initialized in
            a.scalars.withUnsafeBufferPointer { aS in
                b.scalars.withUnsafeBufferPointer { bS in
                    specialized(op) { op in
                        switch (aLayout, bLayout) {
                        case (.full, .full): evaluateKernel(op, aS, false, bS, false, into: out)
                        case (.full, .scalar): evaluateKernel(op, aS, false, bS, true, into: out)
                        case (.scalar, .full): evaluateKernel(op, aS, true, bS, false, into: out)
                        case (.scalar, .scalar): evaluateKernel(op, aS, true, bS, true, into: out)
                        }
                    }
                }
            }
            initialized = count
        }
        return Tensor(unchecked: shape, scalars)
    }

    /// g ⊙ ∂op/∂a (or ∂op/∂b when `first` is false) elementwise, in the result's shape, for a
    /// smooth primitive and operands laid out as in `evaluate(_:_:_:_:_:shape:count:)`.
    static func partial(_ op: Binary, first: Bool, _ a: Tensor, _ aLayout: OperandLayout, _ b: Tensor, _ bLayout: OperandLayout,
                        value y: Tensor, cotangent g: Tensor) -> Tensor {
        let scalars = [Double](unsafeUninitializedCapacity: y.count) { out, initialized in
            partialLoop(op, first: first, adding: false, a, aLayout, b, bLayout, value: y, cotangent: g, into: out)
            initialized = y.count
        }
        return Tensor(unchecked: y.shape, scalars)
    }

    /// Adds g ⊙ ∂op/∂a (or ∂op/∂b) into `sum`, which has the result's shape: the pullback of one
    /// operand accumulated where its cotangent already is, with no temporary.
    static func addPartial(_ op: Binary, first: Bool, _ a: Tensor, _ aLayout: OperandLayout, _ b: Tensor, _ bLayout: OperandLayout,
                           value y: Tensor, cotangent g: Tensor, into sum: inout Tensor) {
        sum.scalars.withUnsafeMutableBufferPointer { out in
            partialLoop(op, first: first, adding: true, a, aLayout, b, bLayout, value: y, cotangent: g, into: out)
        }
    }

    /// The loop of `partial` and `addPartial`, with the primitive and the layouts made constants.
    private static func partialLoop(_ op: Binary, first: Bool, adding: Bool, _ a: Tensor, _ aLayout: OperandLayout,
                                    _ b: Tensor, _ bLayout: OperandLayout, value y: Tensor, cotangent g: Tensor,
                                    into out: UnsafeMutableBufferPointer<Double>) {
        a.scalars.withUnsafeBufferPointer { aS in
            b.scalars.withUnsafeBufferPointer { bS in
                y.scalars.withUnsafeBufferPointer { yS in
                    g.scalars.withUnsafeBufferPointer { gS in
                        specialized(op) { op in
                            switch (aLayout, bLayout) {
                            case (.full, .full): partialKernel(op, first: first, adding: adding, aS, false, bS, false, yS, gS, into: out)
                            case (.full, .scalar): partialKernel(op, first: first, adding: adding, aS, false, bS, true, yS, gS, into: out)
                            case (.scalar, .full): partialKernel(op, first: first, adding: adding, aS, true, bS, false, yS, gS, into: out)
                            case (.scalar, .scalar): partialKernel(op, first: first, adding: adding, aS, true, bS, true, yS, gS, into: out)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds `other` (same count) into this tensor's scalars in place.
    mutating func add(_ other: Tensor) {
        scalars.withUnsafeMutableBufferPointer { s in
            other.scalars.withUnsafeBufferPointer { o in
                for k in 0..<Swift.min(s.count, o.count) { s[k] += o[k] }
            }
        }
    }

    /// Adds c·other (same count) into this tensor's scalars in place.
    mutating func add(_ other: Tensor, scaledBy c: Double) {
        if c == 1 { return add(other) }
        scalars.withUnsafeMutableBufferPointer { s in
            other.scalars.withUnsafeBufferPointer { o in
                for k in 0..<Swift.min(s.count, o.count) { s[k] += c * o[k] }
            }
        }
    }
}

extension OperandLayout {
    /// The layout of `x` as an operand producing a result of `shape`, or nil when broadcasting needs
    /// an index map (a row against a matrix, a column, …).
    init?(_ x: Tensor, within shape: [Int]) {
        if x.shape == shape { self = .full } else if Broadcasting.isScalar(x, within: shape) { self = .scalar } else { return nil }
    }
}
