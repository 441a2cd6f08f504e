import Rules

/// The elementwise loops of the unary pullbacks, over the rule table's local derivative of one
/// primitive. Each is a function of its own whose loop (a `UnaryLoop`) `specialized` runs with the
/// primitive a compile-time constant, so that `localDerivative` inlines to the primitive's formula:
/// written as closures inside the pullbacks, the loops called it, or switched on the primitive,
/// once per element (measured in the release build's disassembly and profile).
enum DerivativeLoops {
    /// o[i] ·= op′(xᵢ), where yᵢ = op(xᵢ).
    @inline(never)
    static func scale(_ o: UnsafeMutableBufferPointer<Double>, byDerivativeOf op: Unary,
                      at xs: UnsafeBufferPointer<Double>, values ys: UnsafeBufferPointer<Double>) {
        specialized(op, Scale(o: o, xs: xs, ys: ys))
    }

    /// The pullback of Σₖ op(xₖ) along the middle axis of an `outer` × `n` × `inner` layout: each
    /// o[(a·n + k)·inner + i] = g[a·inner + i] · op′(x[(a·n + k)·inner + i]).
    @inline(never)
    static func sumApplying(_ op: Unary, at xs: UnsafeBufferPointer<Double>, cotangents gs: UnsafeBufferPointer<Double>,
                            into o: UnsafeMutableBufferPointer<Double>, outer: Int, n: Int, inner: Int) {
        specialized(op, SumApplying(xs: xs, gs: gs, o: o, outer: outer, n: n, inner: inner))
    }

    /// The loop of `scale`.
    struct Scale: UnaryLoop {
        let o: UnsafeMutableBufferPointer<Double>
        let xs: UnsafeBufferPointer<Double>, ys: UnsafeBufferPointer<Double>
        @inline(always)
        func run(_ op: Unary) {
            for i in o.indices { o[i] *= localDerivative(op, at: xs[i], value: ys[i]) }
        }
    }

    /// The loop of `sumApplying`.
    struct SumApplying: UnaryLoop {
        let xs: UnsafeBufferPointer<Double>, gs: UnsafeBufferPointer<Double>
        let o: UnsafeMutableBufferPointer<Double>
        let outer: Int, n: Int, inner: Int
        @inline(always)
        func run(_ op: Unary) {
            if inner == 1 {
                for a in 0..<outer {
                    let ga = gs[a]
                    for index in (a * n)..<((a + 1) * n) {
                        let v = xs[index]
                        o[index] = ga * localDerivative(op, at: v, value: op.evaluate(v))
                    }
                }
                return
            }
            for a in 0..<outer {
                for k in 0..<n {
                    for i in 0..<inner {
                        let index = (a * n + k) * inner + i, v = xs[index]
                        o[index] = gs[a * inner + i] * localDerivative(op, at: v, value: op.evaluate(v))
                    }
                }
            }
        }
    }
}
