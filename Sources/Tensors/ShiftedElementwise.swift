import Rules

// op(a, b shifted along the leading axis) without materializing the shifted b: the loops of
// `ElementwiseKernels.swift` run on three ranges of the result (fill, overlap, fill), reading b at
// an offset in the overlap. One tape entry instead of a shift and a product.

/// Where a shift by `offset` slices along a leading axis of `length` slices of `inner` scalars
/// puts b: the result's scalars `start..<end` read b at `index − moved`; the others read the fill.
struct ShiftRanges {
    let moved: Int, start: Int, end: Int, count: Int

    init(offset: Int, shape: [Int], count: Int) {
        let length = shape.first ?? 0
        let inner = length == 0 ? 0 : count / length
        moved = Swift.max(-length, Swift.min(length, offset)) * inner
        start = Swift.max(0, moved)
        end = Swift.max(start, Swift.min(count, count + moved))
        self.count = count
    }
}

extension Tensor {
    /// op(a, b.shifted(by: offset, filling: fill)) elementwise for equal-shaped a and b, without
    /// the shifted copy of b (its entries are the same as the two-step form's).
    ///
    /// ```swift
    /// try Tensor.applying(.multiply, Tensor([2, 3, 4]), shifted: Tensor([5, 6, 7]), by: 1, filling: 1)   // [2, 15, 24]
    /// ```
    ///
    /// Throws unless a and b have the same shape of rank ≥ 1.
    public static func applying(_ op: Binary, _ a: Tensor, shifted b: Tensor, by offset: Int, filling fill: Double) throws -> Tensor {
        guard a.shape == b.shape else { throw TensorError.shapeMismatch(operation: "\(op.name) with a shifted operand", left: a.shape, right: b.shape) }
        guard a.rank >= 1 else { throw TensorError.rank(operation: "shift", expected: 1, actual: 0) }
        let r = ShiftRanges(offset: offset, shape: a.shape, count: a.count)
        let fills = [fill]
        let scalars = [Double](unsafeUninitializedCapacity: r.count) { out, initialized in
            a.scalars.withUnsafeBufferPointer { aS in
                b.scalars.withUnsafeBufferPointer { bS in
                    fills.withUnsafeBufferPointer { fS in
                        specialized(op) { op in
                            evaluateKernel(op, slice(aS, 0, r.start), false, fS, true, into: slice(out, 0, r.start))
                            evaluateKernel(op, slice(aS, r.start, r.end), false, slice(bS, r.start - r.moved, r.end - r.moved), false,
                                           into: slice(out, r.start, r.end))
                            evaluateKernel(op, slice(aS, r.end, r.count), false, fS, true, into: slice(out, r.end, r.count))
                        }
                    }
                }
            }
            initialized = r.count
        }
        return Tensor(unchecked: a.shape, scalars)
    }

    /// The cotangent share of operand a (`first`) or of the unshifted b of
    /// `applying(op, a, shifted: b, by:filling:)` for a smooth primitive, added into `sum` when
    /// given (it has a's shape), else returned as a new tensor.
    static func shiftedPartial(_ op: Binary, first: Bool, _ a: Tensor, _ b: Tensor, offset: Int, fill: Double,
                               value y: Tensor, cotangent g: Tensor, into sum: inout Tensor?) {
        let r = ShiftRanges(offset: offset, shape: a.shape, count: a.count)
        let fills = [fill]
        let adding = sum != nil
        var out = sum.take() ?? Tensor(unchecked: a.shape, [Double](repeating: 0, count: a.count))
        out.scalars.withUnsafeMutableBufferPointer { o in
            a.scalars.withUnsafeBufferPointer { aS in
                b.scalars.withUnsafeBufferPointer { bS in
                    y.scalars.withUnsafeBufferPointer { yS in
                        g.scalars.withUnsafeBufferPointer { gS in
                            fills.withUnsafeBufferPointer { fS in
                                specialized(op) { op in
                                    let overlapB = slice(bS, r.start - r.moved, r.end - r.moved)
                                    let (aMid, yMid, gMid) = (slice(aS, r.start, r.end), slice(yS, r.start, r.end), slice(gS, r.start, r.end))
                                    if first {
                                        partialKernel(op, first: true, adding: adding, slice(aS, 0, r.start), false, fS, true,
                                                      slice(yS, 0, r.start), slice(gS, 0, r.start), into: slice(o, 0, r.start))
                                        partialKernel(op, first: true, adding: adding, aMid, false, overlapB, false, yMid, gMid,
                                                      into: slice(o, r.start, r.end))
                                        partialKernel(op, first: true, adding: adding, slice(aS, r.end, r.count), false, fS, true,
                                                      slice(yS, r.end, r.count), slice(gS, r.end, r.count), into: slice(o, r.end, r.count))
                                    } else {
                                        // b's entries moved past the end or replaced by the fill get nothing (zeros).
                                        partialKernel(op, first: false, adding: adding, aMid, false, overlapB, false, yMid, gMid,
                                                      into: slice(o, r.start - r.moved, r.end - r.moved))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        sum = out
    }
}

/// Scalars `from..<to` of a buffer as a buffer of their own.
@inline(__always)
func slice(_ buffer: UnsafeBufferPointer<Double>, _ from: Int, _ to: Int) -> UnsafeBufferPointer<Double> {
    UnsafeBufferPointer(rebasing: buffer[from..<to])
}

/// Scalars `from..<to` of a mutable buffer as a buffer of their own.
@inline(__always)
func slice(_ buffer: UnsafeMutableBufferPointer<Double>, _ from: Int, _ to: Int) -> UnsafeMutableBufferPointer<Double> {
    UnsafeMutableBufferPointer(rebasing: buffer[from..<to])
}

extension TrackedTensor {
    /// op(a, b shifted `offset` places along the leading axis with `fill` in the vacated places),
    /// elementwise, as one tape entry: the same values as `applying(op, a, b.shifted(by:filling:))`
    /// without the shifted copy. The pullback is the primitive's, from the rule table, with b's
    /// share moved back by −offset.
    ///
    /// ```swift
    /// let field = try TrackedTensor.applying(.multiply, x, shifted: y, by: 1, filling: 1)   // zᵢ = xᵢ yᵢ₋₁, z₀ = x₀
    /// ```
    public static func applying(_ op: Binary, _ a: TrackedTensor, shifted b: TrackedTensor, by offset: Int,
                                filling fill: Double) throws -> TrackedTensor {
        try record(.binaryWithShiftedOperand(op, offset: offset, fill: fill),
                   Tensor.applying(op, a.value, shifted: b.value, by: offset, filling: fill), a, b)
    }
}
