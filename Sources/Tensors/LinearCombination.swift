extension Tensor {
    /// Σⱼ cⱼ·tⱼ over equal-shaped tensors with constant coefficients, added left to right
    /// (c₀t₀ + c₁t₁) + c₂t₂ + …, each product rounded as `Binary.multiply` rounds it (so a
    /// coefficient 1 leaves its term exact). One pass over the result for the first two terms and one per further term, no temporaries.
    ///
    /// ```swift
    /// try Tensor.linearCombination([1, 0.5], [Tensor([1, 2]), Tensor([4, 6])])   // [3, 5]
    /// ```
    ///
    /// Throws unless there is at least one term, as many coefficients as tensors, and equal shapes.
    public static func linearCombination(_ coefficients: [Double], _ terms: [Tensor]) throws -> Tensor {
        guard let first = terms.first else { throw TensorError.rank(operation: "linearCombination (no terms)", expected: 1, actual: 0) }
        guard coefficients.count == terms.count else {
            throw TensorError.shapeMismatch(operation: "linearCombination (coefficients against terms)",
                                            left: [coefficients.count], right: [terms.count])
        }
        for term in terms where term.shape != first.shape {
            throw TensorError.shapeMismatch(operation: "linearCombination", left: first.shape, right: term.shape)
        }
        let count = first.count
        let scalars = [Double](unsafeUninitializedCapacity: count) { out, initialized in
            initialized = count
            if (3...5).contains(terms.count), let target = out.baseAddress {
                // Up to five terms in one pass, added in the same order as below.
                withTermAddresses(terms) { t in
                    // Missing coefficients are 0 (no array is built for them: this runs once per operation).
                    func c(_ j: Int) -> Double { j < coefficients.count ? coefficients[j] : 0 }
                    let (c0, c1, c2, c3, c4) = (c(0), c(1), c(2), c(3), c(4))
                    switch terms.count {
                    case 3: for k in 0..<count { target[k] = c0 * t.0[k] + c1 * t.1[k] + c2 * t.2[k] }
                    case 4: for k in 0..<count { target[k] = c0 * t.0[k] + c1 * t.1[k] + c2 * t.2[k] + c3 * t.3[k] }
                    default:
                        for k in 0..<count { target[k] = c0 * t.0[k] + c1 * t.1[k] + c2 * t.2[k] + c3 * t.3[k] + c4 * t.4[k] }
                    }
                }
                return
            }
            // The first two terms in one pass (the common case is two), then one pass per term.
            first.scalars.withUnsafeBufferPointer { t in
                let c = coefficients[0]
                if terms.count == 1 {
                    for k in 0..<count { out[k] = c * t[k] }
                    return
                }
                terms[1].scalars.withUnsafeBufferPointer { u in
                    let d = coefficients[1]
                    for k in 0..<count { out[k] = c * t[k] + d * u[k] }
                }
            }
            for j in 2..<Swift.max(2, terms.count) {
                let c = coefficients[j]
                terms[j].scalars.withUnsafeBufferPointer { t in
                    for k in 0..<count { out[k] += c * t[k] }
                }
            }
        }
        return Tensor(unchecked: first.shape, scalars)
    }

    /// Calls `body` with the base addresses of up to five equal-length terms' scalars (a missing or
    /// empty term gives a one-scalar placeholder that the callers never read).
    private static func withTermAddresses(_ terms: [Tensor], _ body: ((UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>,
                                                                      UnsafePointer<Double>, UnsafePointer<Double>)) -> Void) {
        // The terms' arrays are borrowed in place (`withOperandAddress`), not copied.
        terms.withUnsafeBufferPointer { terms in
            withOperandAddress(terms, 0) { a in
                withOperandAddress(terms, 1) { b in
                    withOperandAddress(terms, 2) { c in
                        withOperandAddress(terms, 3) { d in
                            withOperandAddress(terms, 4) { e in body((a, b, c, d, e)) }
                        }
                    }
                }
            }
        }
    }

    /// c·g as a new tensor, or g itself when c is 1 (exactly what the product would give).
    func scaled(by c: Double) -> Tensor {
        if c == 1 { return self }
        let count = self.count
        let out = [Double](unsafeUninitializedCapacity: count) { out, initialized in
            scalars.withUnsafeBufferPointer { g in for k in 0..<count { out[k] = c * g[k] } }
            initialized = count
        }
        return Tensor(unchecked: shape, out)
    }
}

extension TrackedTensor {
    /// Σⱼ cⱼ·tⱼ with constant coefficients (see `Tensor.linearCombination`), one tape entry instead
    /// of one per product and sum. The map is linear, so its pullback is its transpose: term j
    /// receives cⱼ·ḡ (like `matvec`'s Aᵀ·ḡ).
    ///
    /// ```swift
    /// let stage = try TrackedTensor.linearCombination([1, h / 2], [y, k1])   // y + (h/2)·k1
    /// ```
    public static func linearCombination(_ coefficients: [Double], _ terms: [TrackedTensor]) throws -> TrackedTensor {
        let values = terms.map(\.value)
        return try record(.linearCombination(coefficients), Tensor.linearCombination(coefficients, values), values: values, terms)
    }
}
