import AutoDiff
import Rules

// Same-shape elementwise kernels of forward-over-reverse (tangents, and dual cotangents) for
// `tensorHessianVectorProduct`, specialized for the common arithmetic primitives: each kernel is
// generic over a `BinaryChoice`, and for `.add`, `.subtract`, `.multiply` and `.divide` it is
// instantiated with a type whose primitive is a compile-time constant, so the rule table's switch
// (`evaluate`, `localPartials`) folds away and the loop body is a few arithmetic instructions.
// The partials still come from the table; only the dispatch moves out of the loop.

/// Which binary primitive a kernel applies.
protocol BinaryChoice {
    /// The primitive.
    var op: Binary { get }
}

private struct AddChoice: BinaryChoice { var op: Binary { .add } }
private struct SubtractChoice: BinaryChoice { var op: Binary { .subtract } }
private struct MultiplyChoice: BinaryChoice { var op: Binary { .multiply } }
private struct DivideChoice: BinaryChoice { var op: Binary { .divide } }
private struct RuntimeChoice: BinaryChoice { let op: Binary }

/// The second-order kernels; each entry switches once on the primitive, then runs a specialized loop.
enum TangentKernels {
    /// out[k] = ∂y/∂a·ȧ[k] + ∂y/∂b·ḃ[k] (a nil tangent is zero).
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
        // One loop per combination of present tangents, so the loops have no per-element branches.
        switch (at, bt) {
        case let (at?, bt?):
            for k in 0..<count {
                let (da, db) = localPartials(p.op, at: a[k], b[k], value: y[k])
                out[k] = da * at[k] + db * bt[k]
            }
        case let (at?, nil):
            for k in 0..<count { out[k] = localPartials(p.op, at: a[k], b[k], value: y[k]).0 * at[k] }
        case let (nil, bt?):
            for k in 0..<count { out[k] = localPartials(p.op, at: a[k], b[k], value: y[k]).1 * bt[k] }
        case (nil, nil):
            out.initialize(repeating: 0, count: count)
        }
    }

    /// The dual cotangents (value, tangent) of both operands: (g + ġε)·∂y/∂a evaluated on dual
    /// numbers (a + ȧε, b + ḃε, y + ẏε), with ẏ = ∂y/∂a·ȧ + ∂y/∂b·ḃ from the same rule; `same`: both operands are one node, whose sum of the two
    /// contributions goes to (ga, gat). Nil inputs are zero; nil outputs are not wanted.
    static func dualCotangents(_ op: Binary, _ inputs: DualKernelInputs, _ ga: UnsafeMutablePointer<Double>?,
                               _ gat: UnsafeMutablePointer<Double>?, _ gb: UnsafeMutablePointer<Double>?,
                               _ gbt: UnsafeMutablePointer<Double>?, same: Bool) {
        switch op {
        case .add: dualCotangents(AddChoice(), inputs, ga, gat, gb, gbt, same)
        case .subtract: dualCotangents(SubtractChoice(), inputs, ga, gat, gb, gbt, same)
        case .multiply: dualCotangents(MultiplyChoice(), inputs, ga, gat, gb, gbt, same)
        case .divide: dualCotangents(DivideChoice(), inputs, ga, gat, gb, gbt, same)
        default: dualCotangents(RuntimeChoice(op: op), inputs, ga, gat, gb, gbt, same)
        }
    }

    private static func dualCotangents<P: BinaryChoice>(_ p: P, _ x: DualKernelInputs,
                                                        _ ga: UnsafeMutablePointer<Double>?, _ gat: UnsafeMutablePointer<Double>?,
                                                        _ gb: UnsafeMutablePointer<Double>?, _ gbt: UnsafeMutablePointer<Double>?,
                                                        _ same: Bool) {
        // An absent first tangent reads a zero buffer and an unwanted first operand writes into a
        // scratch one; absent ḃ and ġ (a constant operand, a cotangent without tangent: the common
        // cases) are zero lanes of a specialized loop. So the loops have no per-element branches.
        let count = x.count
        let zeros = x.at == nil ? UnsafeMutablePointer<Double>.allocate(capacity: count) : nil
        zeros?.initialize(repeating: 0, count: count)
        let scratch = ga == nil || gat == nil ? UnsafeMutablePointer<Double>.allocate(capacity: 2 * count) : nil
        defer {
            zeros?.deallocate()
            scratch?.deallocate()
        }
        let at = x.at ?? UnsafePointer(zeros!)
        let outputs = DualKernelOutputs(a: ga ?? scratch!, at: gat ?? (scratch! + count), b: gb, bt: gbt)
        if x.uniform {
            let g = UniformLane(x.g[0])
            switch (x.bt, x.gt) {
            case let (bt?, gt?): dualLoops(p, x, at, Lane(bt), g, UniformLane(gt[0]), outputs, same)
            case let (bt?, nil): dualLoops(p, x, at, Lane(bt), g, ZeroLane(), outputs, same)
            case let (nil, gt?): dualLoops(p, x, at, ZeroLane(), g, UniformLane(gt[0]), outputs, same)
            case (nil, nil): dualLoops(p, x, at, ZeroLane(), g, ZeroLane(), outputs, same)
            }
        } else {
            let g = Lane(x.g)
            switch (x.bt, x.gt) {
            case let (bt?, gt?): dualLoops(p, x, at, Lane(bt), g, Lane(gt), outputs, same)
            case let (bt?, nil): dualLoops(p, x, at, Lane(bt), g, ZeroLane(), outputs, same)
            case let (nil, gt?): dualLoops(p, x, at, ZeroLane(), g, Lane(gt), outputs, same)
            case (nil, nil): dualLoops(p, x, at, ZeroLane(), g, ZeroLane(), outputs, same)
            }
        }
    }

    private static func dualLoops<P: BinaryChoice, B: TangentLane, GV: TangentLane, G: TangentLane>(
        _ p: P, _ x: DualKernelInputs, _ at: UnsafePointer<Double>, _ bt: B, _ g: GV, _ gt: G,
        _ out: DualKernelOutputs, _ same: Bool
    ) {
        let (a, b, y, count) = (x.a, x.b, x.y, x.count)
        let (outA, outAT) = (out.a, out.at)
        if let gb = out.b, let gbt = out.bt {
            for k in 0..<count {
                let (da, db) = dualPartials(p, a[k], at[k], b[k], bt[k], y[k])
                let cotangent = Dual(g[k], tangent: gt[k])
                let ca = cotangent * da, cb = cotangent * db
                outA[k] = ca.value
                outAT[k] = ca.tangent
                gb[k] = cb.value
                gbt[k] = cb.tangent
            }
        } else if same {
            for k in 0..<count {
                let (da, db) = dualPartials(p, a[k], at[k], b[k], bt[k], y[k])
                let c = Dual(g[k], tangent: gt[k]) * (da + db)
                outA[k] = c.value
                outAT[k] = c.tangent
            }
        } else {
            for k in 0..<count {
                let (da, _) = dualPartials(p, a[k], at[k], b[k], bt[k], y[k])
                let c = Dual(g[k], tangent: gt[k]) * da
                outA[k] = c.value
                outAT[k] = c.tangent
            }
        }
    }
}

/// A tangent (or cotangent) read per element by a kernel: an array, one value for every element,
/// or zero, the last two without memory traffic.
private protocol TangentLane {
    subscript(k: Int) -> Double { get }
}

private struct Lane: TangentLane {
    let pointer: UnsafePointer<Double>
    init(_ pointer: UnsafePointer<Double>) { self.pointer = pointer }
    subscript(k: Int) -> Double { pointer[k] }
}

private struct ZeroLane: TangentLane {
    subscript(k: Int) -> Double { 0 }
}

private struct UniformLane: TangentLane {
    let value: Double
    init(_ value: Double) { self.value = value }
    subscript(k: Int) -> Double { value }
}

/// Where `TangentKernels.dualCotangents` writes: the first operand's dual cotangent always,
/// the second's when wanted.
private struct DualKernelOutputs {
    let a: UnsafeMutablePointer<Double>, at: UnsafeMutablePointer<Double>
    let b: UnsafeMutablePointer<Double>?, bt: UnsafeMutablePointer<Double>?
}

extension TangentKernels {
    /// The rule table's partials on dual numbers at (a + ȧε, b + ḃε), the value's tangent from the
    /// first-order partials.
    @inline(always)
    fileprivate static func dualPartials<P: BinaryChoice>(_ p: P, _ a: Double, _ at: Double, _ b: Double, _ bt: Double,
                                                          _ y: Double) -> (Dual<Double>, Dual<Double>) {
        let (pa, pb) = localPartials(p.op, at: a, b, value: y)
        return localPartials(p.op, at: Dual(a, tangent: at), Dual(b, tangent: bt), value: Dual(y, tangent: pa * at + pb * bt))
    }
}

/// The operands of `TangentKernels.dualCotangents`, all of `count` elements (nil: zero) but a
/// uniform cotangent.
struct DualKernelInputs {
    let a: UnsafePointer<Double>, at: UnsafePointer<Double>?
    let b: UnsafePointer<Double>, bt: UnsafePointer<Double>?
    let y: UnsafePointer<Double>
    let g: UnsafePointer<Double>, gt: UnsafePointer<Double>?
    /// g and gt hold one element each, standing for all `count`.
    let uniform: Bool
    let count: Int
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
