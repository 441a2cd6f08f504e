import AutoDiff

/// The `llsq` eval: the linear least-squares objective
/// y(x) = ½ Σᵢ (sᵢ − Σⱼ xⱼ tᵢʲ)² with tᵢ = −1 + 2i/(n − 1), sᵢ = sign(tᵢ), and its gradient
/// (reverse mode).
public enum LLSQEval: EvalModule {
    /// `"llsq"`.
    public static let name = "llsq"
    /// `primal` and `gradient`.
    public static let functions = ["primal", "gradient"]

    /// The objective, written once for every scalar type.
    public static func objective<T: Scalar>(_ x: [T], n: Int) -> T {
        var sum: T = 0
        let scale = 2 / Double(n - 1)
        for i in 0..<n {
            let t = -1 + Double(i) * scale
            var residual = T(t > 0 ? 1 : (t < 0 ? -1 : 0))
            var power = 1.0
            for j in x.indices {
                residual -= x[j] * T(power)
                power *= t
            }
            sum += residual * residual
        }
        return sum / 2
    }

    /// Decodes `{x, n}`.
    public static func prepare(function: String, input: JSONValue) throws -> PreparedEvaluation {
        let x = try input.doubles("x")
        let n = try input.int("n", minimum: 2)
        if function == "primal" { return .number { objective(x, n: n) } }
        // Tensor reverse mode (4 tape entries) at every size; the scalar tape is the fallback should
        // a tensor operation refuse.
        let tape = Tape<Double>()
        return .vector {
            (try? tensorGradient(x, n: n)) ?? valueWithGradient(at: x, on: tape) { objective($0, n: n) }.gradient
        }
    }
}
