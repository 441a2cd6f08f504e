import Rules

// Forward-mode tangents of every tensor operation (its Jacobian–vector product), computed for the
// nodes whose tangents a Hessian–vector product's reverse sweep reads. Elementwise operations read their local derivatives from
// the rule table; linear operations apply themselves to the tangents; products use the product rule.

extension TensorOperation {
    /// Whether this operation's second-order pullback reads its operands' tangents (the nonlinear
    /// ones); linear operations pull the cotangent's two parts back alike without them.
    var readsOperandTangents: Bool {
        switch self {
        case .unary, .binary, .matvec, .transposedMatvec, .matmul, .maxAlongAxis, .logSumExpAlongAxis, .sumApplying,
             .stencil, .scan, .iteratedScan: true
        case .input, .transpose, .reshape, .sum, .sumAlongAxis, .strictlyLowerTriangular, .gatherRows, .stack,
             .concatenate, .shift, .linearCombination: false
        }
    }
}

extension TensorOperation {
    /// The operation's name in the public API, for errors about it.
    var publicName: String {
        switch self {
        case .sumApplying: "sum(applying:alongAxis:)"
        case .stencil(let kernel): "stencil(\(type(of: kernel.base)))"
        case .scan(let kernel): "scan(\(type(of: kernel.base)))"
        case .iteratedScan(let kernel, _): "iteratedScan(\(type(of: kernel.base)))"
        case .maxAlongAxis: "max(alongAxis:)"
        case .logSumExpAlongAxis: "logSumExp(alongAxis:)"
        default: "\(self)"
        }
    }

    /// The tangent of the result given the operands' tangents (nil for a zero tangent); nil when
    /// every operand tangent is zero.
    func tangent(value y: Tensor, operands: [Tensor], operandTangents t: [Tensor?]) throws -> Tensor? {
        guard t.contains(where: { $0 != nil }) else { return nil }
        switch self {
        case .input:
            return nil

        case .unary(let op):
            let (x, xt) = (operands[0], t[0]!)
            var out = xt.scalars
            x.scalars.withUnsafeBufferPointer { xs in
                y.scalars.withUnsafeBufferPointer { ys in
                    out.withUnsafeMutableBufferPointer { o in
                        for k in o.indices { o[k] *= localDerivative(op, at: xs[k], value: ys[k]) }
                    }
                }
            }
            return Tensor(unchecked: y.shape, out)

        case .binary(let op):
            // ẏ = ∂y/∂a·ȧ + ∂y/∂b·ḃ, each operand read through its broadcasting map.
            let (a, b) = (operands[0], operands[1])
            if a.shape == y.shape && b.shape == y.shape && y.count > 0 {
                let out = a.scalars.withUnsafeBufferPointer { aS in
                    b.scalars.withUnsafeBufferPointer { bS in
                        y.scalars.withUnsafeBufferPointer { yS in
                            Tensor.withScalars(of: t[0]) { at in
                                Tensor.withScalars(of: t[1]) { bt in
                                    filledArray(count: y.count) { o in
                                        TangentKernels.tangent(op, aS.baseAddress!, bS.baseAddress!, yS.baseAddress!, at, bt, o, y.count)
                                    }
                                }
                            }
                        }
                    }
                }
                return Tensor(unchecked: y.shape, out)
            }
            let reader = BroadcastReader(a.shape, b.shape, into: y.shape)
            var out = [Double](repeating: 0, count: y.count)
            a.scalars.withUnsafeBufferPointer { aS in
                b.scalars.withUnsafeBufferPointer { bS in
                    y.scalars.withUnsafeBufferPointer { yS in
                        (t[0] ?? a).scalars.withUnsafeBufferPointer { atS in
                            (t[1] ?? b).scalars.withUnsafeBufferPointer { btS in
                                out.withUnsafeMutableBufferPointer { o in
                                    let (hasA, hasB) = (t[0] != nil, t[1] != nil)
                                    for k in 0..<o.count {
                                        let (i, j) = reader[k]
                                        let (da, db) = localPartials(op, at: aS[i], bS[j], value: yS[k])
                                        o[k] = (hasA ? da * atS[i] : 0) + (hasB ? db * btS[j] : 0)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return Tensor(unchecked: y.shape, out)

        case .matvec, .transposedMatvec, .matmul:
            // Bilinear: the product of (tangent, value) plus the product of (value, tangent).
            let first = try t[0].map { try bilinear($0, operands[1]) }
            let second = try t[1].map { try bilinear(operands[0], $0) }
            if let first, let second { return try first + second }
            return first ?? second

        case .transpose:
            return try t[0]?.transposed()
        case .reshape:
            return try t[0]?.reshaped(y.shape)
        case .sum:
            return t[0]?.sum()
        case .sumAlongAxis(let axis):
            return try t[0]?.sum(alongAxis: axis)
        case .strictlyLowerTriangular:
            return try t[0]?.strictlyLowerTriangular(size: y.shape[0])
        case .gatherRows(let indices):
            return try t[0]?.gatheringRows(indices)
        case .stack:
            return try Tensor.stacked(zip(operands, t).map { operand, tangent in try tangent ?? Tensor.zeros(operand.shape) })

        case .concatenate:
            return try Tensor.concatenated(zip(operands, t).map { operand, tangent in try tangent ?? Tensor.zeros(operand.shape) })

        case .shift(let offset):
            return try t[0]?.shifted(by: offset, filling: 0)

        case .linearCombination(let coefficients):
            return try Tensor.linearCombination(coefficients, zip(operands, t).map { operand, tangent in try tangent ?? Tensor.zeros(operand.shape) })

        case .sumApplying, .maxAlongAxis, .logSumExpAlongAxis, .stencil, .scan, .iteratedScan:
            throw TensorError.notTwiceDifferentiable(operation: publicName)
        }
    }

    /// The forward product of this (bilinear) operation applied to two tensors.
    func bilinear(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        switch self {
        case .matvec: try a.matvec(b)
        case .transposedMatvec: try a.transposedMatvec(b)
        default: try a.matmul(b)
        }
    }
}

/// For each element k of a broadcast result, the offsets of the two operands' elements it reads:
/// k itself for an operand of the result's shape (no map), else through `Broadcasting.offsets`.
struct BroadcastReader {
    let mapA: [Int]?
    let mapB: [Int]?

    init(_ a: [Int], _ b: [Int], into shape: [Int]) {
        mapA = a == shape ? nil : Broadcasting.offsets(of: a, into: shape)
        mapB = b == shape ? nil : Broadcasting.offsets(of: b, into: shape)
    }

    subscript(k: Int) -> (Int, Int) { (mapA?[k] ?? k, mapB?[k] ?? k) }
}
