import Tensors

extension LLSQEval {
    /// ∇ of the objective by tensor reverse mode: with the constant n×m matrix Tᵢⱼ = tᵢʲ and signs
    /// s, the objective is ½‖s − T·x‖², recorded as four tensor operations (matvec, subtract,
    /// multiply, sum) instead of 2·n·m scalar ones. Same value as `objective` up to rounding.
    public static func tensorGradient(_ x: [Double], n: Int) throws -> [Double] {
        let m = x.count
        var powers = [Double](repeating: 0, count: n * m)
        var signs = [Double](repeating: 0, count: n)
        let scale = 2 / Double(n - 1)
        for i in 0..<n {
            let t = -1 + Double(i) * scale
            signs[i] = t > 0 ? 1 : (t < 0 ? -1 : 0)
            var power = 1.0
            for j in 0..<m {
                powers[i * m + j] = power
                power *= t
            }
        }
        let matrix = try Tensor(shape: [n, m], scalars: powers)
        let s = Tensor(signs).constant
        let gradient = try Tensors.tensorGradient(at: [Tensor(x)]) { p in
            let residual = try s - matrix.matvec(p[0])
            return try (residual * residual).sum() * Tensor(0.5)
        }
        return gradient[0].scalars
    }
}
