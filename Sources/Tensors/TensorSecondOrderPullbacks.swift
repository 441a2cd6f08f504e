import AutoDiff
import Rules

/// A cotangent and its tangent: what the forward-over-reverse sweep carries for each node (the
/// adjoint, and its derivative along the inputs' directions; a nil tangent is zero).
struct DualCotangent {
    var value: Tensor
    var tangent: Tensor?
    /// When set, `value` and `tangent` hold one scalar each that stands for every element of a
    /// tensor of this shape (the pullback of a sum), so that no pass is spent filling it.
    var uniformShape: [Int]?

    init(value: Tensor, tangent: Tensor?, uniformShape: [Int]? = nil) {
        self.value = value
        self.tangent = tangent
        self.uniformShape = uniformShape
    }

    /// The same cotangent with every element stored.
    func materialized() throws -> DualCotangent {
        guard let shape = uniformShape else { return self }
        return DualCotangent(value: try Tensor(repeating: value.scalars[0], shape: shape),
                             tangent: try tangent.map { try Tensor(repeating: $0.scalars[0], shape: shape) })
    }

    /// The sum of two contributions to one node.
    func adding(_ other: DualCotangent) throws -> DualCotangent {
        let (this, other) = (try materialized(), try other.materialized())
        let tangent: Tensor?
        switch (this.tangent, other.tangent) {
        case let (a?, b?): tangent = try a + b
        case let (a, b): tangent = a ?? b
        }
        return DualCotangent(value: try this.value + other.value, tangent: tangent)
    }
}

// The pullback of every tensor operation differentiated along the forward tangents (forward over
// reverse): the cotangents are carried as (value, tangent) pairs. Elementwise operations evaluate
// the rule table's local derivatives on `Dual` numbers, which yields each derivative and its own
// derivative along the tangent from the same single rule; linear operations pull both parts back
// alike; products add the cross terms of the product rule.

extension TensorOperation {
    /// The dual cotangents of the operands given the dual cotangent (g, ġ) of the result, the
    /// result's value, and the operands' values and tangents (nil is zero). Elementwise operations
    /// recompute the result's tangent per element from the operands' (the first-order rule).
    /// `sameOperand`: both operands of a binary operation are one node (x·x), whose whole
    /// contribution is returned in the first slot. `uniform`: g and ġ hold one scalar each standing
    /// for every element (only for `acceptsUniformCotangent` operations).
    func dualPullback(_ g: Tensor, _ gt: Tensor?, value y: Tensor,
                      operands: [Tensor], operandTangents t: [Tensor?], wanted: [Bool],
                      sameOperand: Bool, uniform: Bool = false) throws -> [DualCotangent?] {
        switch self {
        case .input:
            return []

        case .unary(let op):
            let x = operands[0]
            var out = [Double](repeating: 0, count: x.count), outTangent = out
            x.scalars.withUnsafeBufferPointer { xs in
                y.scalars.withUnsafeBufferPointer { ys in
                    (t[0] ?? x).scalars.withUnsafeBufferPointer { xts in
                        g.scalars.withUnsafeBufferPointer { gs in
                            (gt ?? g).scalars.withUnsafeBufferPointer { gts in
                                out.withUnsafeMutableBufferPointer { o in
                                    outTangent.withUnsafeMutableBufferPointer { ot in
                                        let (moving, hasGT) = (t[0] != nil, gt != nil)
                                        for k in 0..<o.count {
                                            let xt = moving ? xts[k] : 0
                                            let yt = localDerivative(op, at: xs[k], value: ys[k]) * xt
                                            let d = localDerivative(op, at: Dual(xs[k], tangent: xt), value: Dual(ys[k], tangent: yt))
                                            let c = Dual(gs[k], tangent: hasGT ? gts[k] : 0) * d
                                            o[k] = c.value
                                            ot[k] = c.tangent
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return [DualCotangent(value: Tensor(unchecked: x.shape, out), tangent: Tensor(unchecked: x.shape, outTangent))]

        case .binary(let op):
            return try Self.binaryDualPullback(op, g, gt, y, operands, t, wanted, sameOperand, uniform: uniform)

        case .matvec, .transposedMatvec, .matmul:
            // Bilinear: the tangent of the cotangents is the pullback of ġ plus the pullback of g
            // through the operands' tangents (the product rule's cross terms).
            let values = try pullback(g, value: y, operands: operands, wanted: wanted)
            var tangents: [Tensor?] = try gt.map { try pullback($0, value: y, operands: operands, wanted: wanted) }
                ?? [nil, nil]
            if t.contains(where: { $0 != nil }) {
                let moved = try zip(operands, t).map { operand, tangent in try tangent ?? Tensor.zeros(operand.shape) }
                let cross = try pullback(g, value: y, operands: moved, wanted: wanted)
                tangents = try zip(tangents, cross).map { a, b in
                    if let a, let b { return try a + b }
                    return a ?? b
                }
            }
            return zip(values, tangents).map { v, tangent in v.map { DualCotangent(value: $0, tangent: tangent) } }

        case .sum:
            // Every element receives the same cotangent: kept as one scalar (see `DualCotangent`).
            return [DualCotangent(value: g, tangent: gt, uniformShape: operands[0].shape)]

        case .transpose, .reshape, .sumAlongAxis, .strictlyLowerTriangular, .gatherRows, .stack, .concatenate, .shift,
             .linearCombination:
            // Linear, and independent of the operands' values: both parts pull back alike.
            let values = try pullback(g, value: y, operands: operands, wanted: wanted)
            let tangents: [Tensor?] = try gt.map { try pullback($0, value: y, operands: operands, wanted: wanted) }
                ?? values.map { _ in nil }
            return zip(values, tangents).map { v, tangent in v.map { DualCotangent(value: $0, tangent: tangent) } }

        case .sumApplying, .maxAlongAxis, .logSumExpAlongAxis, .stencil, .scan, .iteratedScan:
            throw TensorError.notTwiceDifferentiable(operation: publicName)
        }
    }

    /// The dual pullback of a binary primitive (with broadcasting): the rule table's partials on
    /// `Dual` numbers at each element, times the dual cotangent, summed back onto each operand's shape.
    static func binaryDualPullback(_ op: Binary, _ g: Tensor, _ gt: Tensor?, _ y: Tensor,
                                   _ operands: [Tensor], _ t: [Tensor?], _ wanted: [Bool],
                                   _ sameOperand: Bool, uniform: Bool) throws -> [DualCotangent?] {
        let (a, b) = (operands[0], operands[1])
        let count = y.count
        let (wantA, wantB) = (wanted[0], wanted[1] && !sameOperand)
        if a.shape == y.shape && b.shape == y.shape && count > 0 {
            return sameShapeBinaryDualPullback(op, g, gt, y, operands, t, wantA: wantA, wantB: wantB, sameOperand, uniform: uniform)
        }
        let reader = BroadcastReader(a.shape, b.shape, into: y.shape)
        var ga = [Double](repeating: 0, count: wantA ? count : 0), gat = ga
        var gb = [Double](repeating: 0, count: wantB ? count : 0), gbt = gb
        let (hasAT, hasBT, hasGT) = (t[0] != nil, t[1] != nil, gt != nil)
        a.scalars.withUnsafeBufferPointer { aS in
            b.scalars.withUnsafeBufferPointer { bS in
                (t[0] ?? a).scalars.withUnsafeBufferPointer { atS in
                    (t[1] ?? b).scalars.withUnsafeBufferPointer { btS in
                        y.scalars.withUnsafeBufferPointer { yS in
                                g.scalars.withUnsafeBufferPointer { gS in
                                    (gt ?? g).scalars.withUnsafeBufferPointer { gtS in
                                        ga.withUnsafeMutableBufferPointer { gaS in
                                            gat.withUnsafeMutableBufferPointer { gatS in
                                                gb.withUnsafeMutableBufferPointer { gbS in
                                                    gbt.withUnsafeMutableBufferPointer { gbtS in
                                                        for k in 0..<count {
                                                            let (i, j) = reader[k]
                                                            let (ta, tb) = (hasAT ? atS[i] : 0, hasBT ? btS[j] : 0)
                                                            let (pa, pb) = localPartials(op, at: aS[i], bS[j], value: yS[k])
                                                            let (da, db) = localPartials(
                                                                op, at: Dual(aS[i], tangent: ta), Dual(bS[j], tangent: tb),
                                                                value: Dual(yS[k], tangent: pa * ta + pb * tb))
                                                            let cotangent = Dual(gS[k], tangent: hasGT ? gtS[k] : 0)
                                                            if wantA {
                                                                let c = cotangent * (sameOperand ? da + db : da)
                                                                gaS[k] = c.value
                                                                gatS[k] = c.tangent
                                                            }
                                                            if wantB {
                                                                let c = cotangent * db
                                                                gbS[k] = c.value
                                                                gbtS[k] = c.tangent
                                                            }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        func reduced(_ values: [Double], _ tangents: [Double], to shape: [Int]) -> DualCotangent {
            DualCotangent(value: Broadcasting.reduce(Tensor(unchecked: y.shape, values), to: shape),
                          tangent: Broadcasting.reduce(Tensor(unchecked: y.shape, tangents), to: shape))
        }
        return [wantA ? reduced(ga, gat, to: a.shape) : nil, wantB ? reduced(gb, gbt, to: b.shape) : nil]
    }

    /// `binaryDualPullback` when both operands have the result's shape: one specialized loop.
    static func sameShapeBinaryDualPullback(_ op: Binary, _ g: Tensor, _ gt: Tensor?, _ y: Tensor,
                                            _ operands: [Tensor], _ t: [Tensor?], wantA: Bool, wantB: Bool,
                                            _ sameOperand: Bool, uniform: Bool) -> [DualCotangent?] {
        let count = y.count
        // Left uninitialized: the kernel writes every element of the wanted outputs.
        let size = { (wanted: Bool) in wanted ? count : 0 }
        var ga = filledArray(count: size(wantA)) { _ in }, gat = filledArray(count: size(wantA)) { _ in }
        var gb = filledArray(count: size(wantB)) { _ in }, gbt = filledArray(count: size(wantB)) { _ in }
        operands[0].scalars.withUnsafeBufferPointer { aS in
            operands[1].scalars.withUnsafeBufferPointer { bS in
                y.scalars.withUnsafeBufferPointer { yS in
                    g.scalars.withUnsafeBufferPointer { gS in
                        Tensor.withScalars(of: t[0]) { at in
                            Tensor.withScalars(of: t[1]) { bt in
                                    Tensor.withScalars(of: gt) { gtS in
                                        ga.withUnsafeMutableBufferPointer { gaS in
                                            gat.withUnsafeMutableBufferPointer { gatS in
                                                gb.withUnsafeMutableBufferPointer { gbS in
                                                    gbt.withUnsafeMutableBufferPointer { gbtS in
                                                        let inputs = DualKernelInputs(
                                                            a: aS.baseAddress!, at: at, b: bS.baseAddress!, bt: bt,
                                                            y: yS.baseAddress!, g: gS.baseAddress!, gt: gtS, uniform: uniform, count: count)
                                                        TangentKernels.dualCotangents(
                                                            op, inputs, wantA ? gaS.baseAddress : nil, wantA ? gatS.baseAddress : nil,
                                                            wantB ? gbS.baseAddress : nil, wantB ? gbtS.baseAddress : nil, same: sameOperand)
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        return [wantA ? DualCotangent(value: Tensor(unchecked: y.shape, ga), tangent: Tensor(unchecked: y.shape, gat)) : nil,
                wantB ? DualCotangent(value: Tensor(unchecked: y.shape, gb), tangent: Tensor(unchecked: y.shape, gbt)) : nil]
    }

    /// Whether this operation's second-order pullback takes a uniform cotangent as is: a binary
    /// primitive whose operands both have the result's shape (its kernel reads g and ġ as lanes).
    func acceptsUniformCotangent(_ node: TensorNode) -> Bool {
        guard case .binary = self else { return false }
        return node.operands.allSatisfy { $0.shape == node.value.shape } && node.value.count > 0
    }
}
