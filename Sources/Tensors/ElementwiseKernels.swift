import AutoDiff
import Rules

// Loops of the elementwise operations, written so the compiler sees the primitive as a constant:
// `specialized` calls its body with a literal `Binary` for the common arithmetic primitives, and
// once the body is inlined the per-element `switch` inside `Binary.evaluate`, `localPartials` and
// the rule table folds away, leaving straight-line loops the compiler vectorizes. The arithmetic
// and the derivatives are still the rule table's; only the dispatch moves out of the loop.

/// Calls `body` with `op` as a compile-time constant for add, subtract, multiply and divide.
@inline(__always)
func specialized<R>(_ op: Binary, _ body: (Binary) -> R) -> R {
    switch op {
    case .add: body(.add)
    case .subtract: body(.subtract)
    case .multiply: body(.multiply)
    case .divide: body(.divide)
    default: body(op)
    }
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

/// out[k] = g[k] · ∂op/∂(operand `first ? a : b`) at (a[k or 0], b[k or 0]), from the rule table,
/// for a smooth primitive (kinked ones need `localPartials`, which also logs each kink once).
@inline(__always)
func partialKernel(_ op: Binary, first: Bool, _ a: UnsafeBufferPointer<Double>, _ aScalar: Bool,
                   _ b: UnsafeBufferPointer<Double>, _ bScalar: Bool, _ y: UnsafeBufferPointer<Double>,
                   _ g: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
    for k in 0..<out.count {
        // For smooth primitives `localPartials` is the table's entry itself; calling the entry
        // directly lets it inline into the loop.
        let (da, db) = op.partials(at: a[aScalar ? 0 : k], b[bScalar ? 0 : k], value: y[k])
        out[k] = g[k] * (first ? da : db)
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
            a.scalars.withUnsafeBufferPointer { aS in
                b.scalars.withUnsafeBufferPointer { bS in
                    y.scalars.withUnsafeBufferPointer { yS in
                        g.scalars.withUnsafeBufferPointer { gS in
                            specialized(op) { op in
                                switch (aLayout, bLayout, first) {
                                case (.full, .full, true): partialKernel(op, first: true, aS, false, bS, false, yS, gS, into: out)
                                case (.full, .full, false): partialKernel(op, first: false, aS, false, bS, false, yS, gS, into: out)
                                case (.full, .scalar, true): partialKernel(op, first: true, aS, false, bS, true, yS, gS, into: out)
                                case (.full, .scalar, false): partialKernel(op, first: false, aS, false, bS, true, yS, gS, into: out)
                                case (.scalar, .full, true): partialKernel(op, first: true, aS, true, bS, false, yS, gS, into: out)
                                case (.scalar, .full, false): partialKernel(op, first: false, aS, true, bS, false, yS, gS, into: out)
                                case (.scalar, .scalar, true): partialKernel(op, first: true, aS, true, bS, true, yS, gS, into: out)
                                case (.scalar, .scalar, false): partialKernel(op, first: false, aS, true, bS, true, yS, gS, into: out)
                                }
                            }
                        }
                    }
                }
            }
            initialized = y.count
        }
        return Tensor(unchecked: y.shape, scalars)
    }

    /// Adds `other` (same count) into this tensor's scalars in place.
    mutating func add(_ other: Tensor) {
        scalars.withUnsafeMutableBufferPointer { s in
            other.scalars.withUnsafeBufferPointer { o in
                for k in 0..<Swift.min(s.count, o.count) { s[k] += o[k] }
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

// Forward-over-reverse (tensorHessianVectorProduct): the tangent of a binary primitive and its
// dual pullback, for operands of the result's shape, in the same style. Absent tangents and a
// uniform cotangent (a sum's) are `TangentLane`s, so the loops read no memory for them and have
// no per-element branches.

/// A tangent (or cotangent) read per element by a kernel: an array, one value for every element,
/// or zero, the last two without memory traffic.
protocol TangentLane {
    subscript(k: Int) -> Double { get }
}

/// A lane read from memory.
struct ArrayLane: TangentLane {
    let pointer: UnsafePointer<Double>
    init(_ pointer: UnsafePointer<Double>) { self.pointer = pointer }
    subscript(k: Int) -> Double { pointer[k] }
}

/// A lane of zeros (an absent tangent).
struct ZeroLane: TangentLane {
    subscript(k: Int) -> Double { 0 }
}

/// A lane holding one value for every element.
struct UniformLane: TangentLane {
    let value: Double
    init(_ value: Double) { self.value = value }
    subscript(k: Int) -> Double { value }
}

/// out[k] = ∂op/∂a·ȧ[k] + ∂op/∂b·ḃ[k] (forward mode) for operands of the result's shape.
@inline(__always)
func tangentKernel<A: TangentLane, B: TangentLane>(_ op: Binary, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                                   _ y: UnsafePointer<Double>, _ at: A, _ bt: B,
                                                   into out: UnsafeMutablePointer<Double>, _ count: Int) {
    for k in 0..<count {
        let (da, db) = localPartials(op, at: a[k], b[k], value: y[k])
        out[k] = da * at[k] + db * bt[k]
    }
}

/// The operands of `dualCotangentKernel`, all of `count` elements (nil: zero) but a uniform
/// cotangent.
struct DualKernelInputs {
    let a: UnsafePointer<Double>, at: UnsafePointer<Double>?
    let b: UnsafePointer<Double>, bt: UnsafePointer<Double>?
    let y: UnsafePointer<Double>
    let g: UnsafePointer<Double>, gt: UnsafePointer<Double>?
    /// g and gt hold one element each, standing for all `count`.
    let uniform: Bool
    let count: Int
}

/// Where `dualCotangentKernel` writes: the first operand's dual cotangent always, the second's
/// when wanted.
struct DualKernelOutputs {
    let a: UnsafeMutablePointer<Double>, at: UnsafeMutablePointer<Double>
    let b: UnsafeMutablePointer<Double>?, bt: UnsafeMutablePointer<Double>?
}

/// The rule table's partials on dual numbers at (a + ȧε, b + ḃε), the value's tangent from the
/// first-order partials.
@inline(__always)
func dualPartials(_ op: Binary, _ a: Double, _ at: Double, _ b: Double, _ bt: Double, _ y: Double) -> (Dual<Double>, Dual<Double>) {
    let (pa, pb) = localPartials(op, at: a, b, value: y)
    return localPartials(op, at: Dual(a, tangent: at), Dual(b, tangent: bt), value: Dual(y, tangent: pa * at + pb * bt))
}

/// The dual cotangents (value, tangent) of both operands of a binary primitive: (g + ġε)·∂y/∂a on
/// dual numbers; `same`: both operands are one node, whose sum of the two contributions goes to
/// the first output.
@inline(__always)
func dualCotangentKernel<B: TangentLane, G: TangentLane, GT: TangentLane>(
    _ op: Binary, _ x: DualKernelInputs, _ at: UnsafePointer<Double>, _ bt: B, _ g: G, _ gt: GT,
    _ out: DualKernelOutputs, same: Bool
) {
    let (a, b, y, count) = (x.a, x.b, x.y, x.count)
    if let gb = out.b, let gbt = out.bt {
        for k in 0..<count {
            let (da, db) = dualPartials(op, a[k], at[k], b[k], bt[k], y[k])
            let cotangent = Dual(g[k], tangent: gt[k])
            let ca = cotangent * da, cb = cotangent * db
            out.a[k] = ca.value
            out.at[k] = ca.tangent
            gb[k] = cb.value
            gbt[k] = cb.tangent
        }
    } else if same {
        for k in 0..<count {
            let (da, db) = dualPartials(op, a[k], at[k], b[k], bt[k], y[k])
            let c = Dual(g[k], tangent: gt[k]) * (da + db)
            out.a[k] = c.value
            out.at[k] = c.tangent
        }
    } else {
        for k in 0..<count {
            let (da, _) = dualPartials(op, a[k], at[k], b[k], bt[k], y[k])
            let c = Dual(g[k], tangent: gt[k]) * da
            out.a[k] = c.value
            out.at[k] = c.tangent
        }
    }
}

/// A binary primitive fixed by a type. The forward-over-reverse kernels are too large for
/// `specialized`'s closure to be inlined at each of its call sites (measured: the switch then stays
/// in the loop, 3–4× slower), so they are specialized by type instead: each generic copy sees
/// `op` as a constant.
protocol BinaryChoice {
    /// The primitive.
    var op: Binary { get }
}

private struct AddChoice: BinaryChoice { var op: Binary { .add } }
private struct SubtractChoice: BinaryChoice { var op: Binary { .subtract } }
private struct MultiplyChoice: BinaryChoice { var op: Binary { .multiply } }
private struct DivideChoice: BinaryChoice { var op: Binary { .divide } }
private struct RuntimeChoice: BinaryChoice { let op: Binary }

enum ElementwiseKernels {
    /// out = ∂op/∂a·ȧ + ∂op/∂b·ḃ for operands of the result's shape (a nil tangent is zero).
    static func tangent(_ op: Binary, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ y: UnsafePointer<Double>,
                        _ at: UnsafePointer<Double>?, _ bt: UnsafePointer<Double>?, _ out: UnsafeMutablePointer<Double>,
                        _ count: Int) {
        switch op {
        case .add: tangent(AddChoice(), a, b, y, at, bt, out, count)
        case .subtract: tangent(SubtractChoice(), a, b, y, at, bt, out, count)
        case .multiply: tangent(MultiplyChoice(), a, b, y, at, bt, out, count)
        case .divide: tangent(DivideChoice(), a, b, y, at, bt, out, count)
        default: tangent(RuntimeChoice(op: op), a, b, y, at, bt, out, count)
        }
    }

    private static func tangent<P: BinaryChoice>(_ p: P, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                                                 _ y: UnsafePointer<Double>, _ at: UnsafePointer<Double>?,
                                                 _ bt: UnsafePointer<Double>?, _ out: UnsafeMutablePointer<Double>, _ count: Int) {
        switch (at, bt) {
        case let (at?, bt?): tangentKernel(p.op, a, b, y, ArrayLane(at), ArrayLane(bt), into: out, count)
        case let (at?, nil): tangentKernel(p.op, a, b, y, ArrayLane(at), ZeroLane(), into: out, count)
        case let (nil, bt?): tangentKernel(p.op, a, b, y, ZeroLane(), ArrayLane(bt), into: out, count)
        case (nil, nil): out.initialize(repeating: 0, count: count)
        }
    }

    /// The dual cotangents of both operands (see `dualCotangentKernel`); nil outputs are not wanted.
    static func dualCotangents(_ op: Binary, _ x: DualKernelInputs, _ ga: UnsafeMutablePointer<Double>?,
                               _ gat: UnsafeMutablePointer<Double>?, _ gb: UnsafeMutablePointer<Double>?,
                               _ gbt: UnsafeMutablePointer<Double>?, same: Bool) {
        // An absent first tangent reads a zero buffer and an unwanted first operand writes into a
        // scratch one (both rare).
        let count = x.count
        let zeros = x.at == nil ? UnsafeMutablePointer<Double>.allocate(capacity: count) : nil
        zeros?.initialize(repeating: 0, count: count)
        let scratch = ga == nil || gat == nil ? UnsafeMutablePointer<Double>.allocate(capacity: 2 * count) : nil
        defer {
            zeros?.deallocate()
            scratch?.deallocate()
        }
        let at = x.at ?? UnsafePointer(zeros!)
        let out = DualKernelOutputs(a: ga ?? scratch!, at: gat ?? (scratch! + count), b: gb, bt: gbt)
        switch op {
        case .add: dualCotangents(AddChoice(), x, at, out, same)
        case .subtract: dualCotangents(SubtractChoice(), x, at, out, same)
        case .multiply: dualCotangents(MultiplyChoice(), x, at, out, same)
        case .divide: dualCotangents(DivideChoice(), x, at, out, same)
        default: dualCotangents(RuntimeChoice(op: op), x, at, out, same)
        }
    }

    private static func dualCotangents<P: BinaryChoice>(_ p: P, _ x: DualKernelInputs, _ at: UnsafePointer<Double>,
                                                        _ out: DualKernelOutputs, _ same: Bool) {
        if x.uniform {
            let g = UniformLane(x.g[0])
            switch (x.bt, x.gt) {
            case let (bt?, gt?): dualCotangentKernel(p.op, x, at, ArrayLane(bt), g, UniformLane(gt[0]), out, same: same)
            case let (bt?, nil): dualCotangentKernel(p.op, x, at, ArrayLane(bt), g, ZeroLane(), out, same: same)
            case let (nil, gt?): dualCotangentKernel(p.op, x, at, ZeroLane(), g, UniformLane(gt[0]), out, same: same)
            case (nil, nil): dualCotangentKernel(p.op, x, at, ZeroLane(), g, ZeroLane(), out, same: same)
            }
        } else {
            let g = ArrayLane(x.g)
            switch (x.bt, x.gt) {
            case let (bt?, gt?): dualCotangentKernel(p.op, x, at, ArrayLane(bt), g, ArrayLane(gt), out, same: same)
            case let (bt?, nil): dualCotangentKernel(p.op, x, at, ArrayLane(bt), g, ZeroLane(), out, same: same)
            case let (nil, gt?): dualCotangentKernel(p.op, x, at, ZeroLane(), g, ArrayLane(gt), out, same: same)
            case (nil, nil): dualCotangentKernel(p.op, x, at, ZeroLane(), g, ZeroLane(), out, same: same)
            }
        }
    }
}

extension Tensor {
    /// Runs `body` with a pointer to the scalars of `tensor`, or nil when there is none.
    static func withScalars<R>(of tensor: Tensor?, _ body: (UnsafePointer<Double>?) throws -> R) rethrows -> R {
        guard let tensor else { return try body(nil) }
        return try tensor.scalars.withUnsafeBufferPointer { try body($0.baseAddress) }
    }
}

/// An uninitialized array of `count` doubles filled by `body` (which must write every element).
func filledArray(count: Int, _ body: (UnsafeMutablePointer<Double>) -> Void) -> [Double] {
    [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
        if count > 0 { body(buffer.baseAddress!) }
        initialized = count
    }
}
