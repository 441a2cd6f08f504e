import Rules

/// The elementwise loops of the unary pullbacks, over the rule table's local derivative of one
/// primitive. Each is a function of its own with the primitive made a compile-time constant
/// (`specialized`), so that `localDerivative` inlines to the primitive's formula: written inside
/// the pullbacks' nested buffer closures, it stayed a call per element (measured in the release
/// build's disassembly).
enum DerivativeLoops {
    /// o[i] ·= op′(xᵢ), where yᵢ = op(xᵢ).
    @inline(never)
    static func scale(_ o: UnsafeMutableBufferPointer<Double>, byDerivativeOf op: Unary,
                      at xs: UnsafeBufferPointer<Double>, values ys: UnsafeBufferPointer<Double>) {
        specialized(op) { op in
            for i in o.indices { o[i] *= localDerivative(op, at: xs[i], value: ys[i]) }
        }
    }

    /// The pullback of Σₖ op(xₖ) along the middle axis of an `outer` × `n` × `inner` layout: each
    /// o[(a·n + k)·inner + i] = g[a·inner + i] · op′(x[(a·n + k)·inner + i]).
    @inline(never)
    static func sumApplying(_ op: Unary, at xs: UnsafeBufferPointer<Double>, cotangents gs: UnsafeBufferPointer<Double>,
                            into o: UnsafeMutableBufferPointer<Double>, outer: Int, n: Int, inner: Int) {
        specialized(op) { op in
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
