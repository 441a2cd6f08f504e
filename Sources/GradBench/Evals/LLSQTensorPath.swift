import Tensors

extension LLSQEval {
    /// ∇ of the objective by tensor reverse mode: with the constant n×m matrix Tᵢⱼ = tᵢʲ and signs
    /// s, the objective is ½‖s − T·x‖², recorded as four tensor operations (product, subtract,
    /// multiply, sum) instead of 2·n·m scalar ones. Same value as `objective` up to rounding.
    ///
    /// T is held transposed (m×n, row j = (tᵢʲ)ᵢ), so that each row is the previous one times t, a
    /// vectorizable loop, and T·x is `transposedMatvec` on it.
    public static func tensorGradient(_ x: [Double], n: Int) throws -> [Double] {
        let m = x.count
        let scale = 2 / Double(n - 1)
        let t = (0..<n).map { -1 + Double($0) * scale }
        let signs = t.map { $0 > 0 ? 1.0 : ($0 < 0 ? -1 : 0) }
        let powers = [Double](unsafeUninitializedCapacity: n * m) { buffer, initialized in
            t.withUnsafeBufferPointer { ts in
                let p = buffer.baseAddress!
                if m > 0 { for i in 0..<n { p[i] = 1 } }
                for j in 1..<Swift.max(m, 1) {
                    let row = p + j * n, previous = row - n
                    for i in 0..<n { row[i] = previous[i] * ts[i] }
                }
            }
            initialized = n * m
        }
        let transposedMatrix = try Tensor(shape: [m, n], scalars: powers)
        let s = Tensor(signs).constant
        let gradient = try Tensors.tensorGradient(at: [Tensor(x)]) { p in
            let residual = try s - transposedMatrix.transposedMatvec(p[0])
            return try (residual * residual).sum() * Tensor(0.5)
        }
        return gradient[0].scalars
    }
}
