import AutoDiff

/// The `lse` eval: LogSumExp with the max trick, a + log Σᵢ exp(xᵢ − a) with a = max x, and its
/// gradient (reverse mode, through the max).
public enum LSEEval: EvalModule {
    /// `"lse"`.
    public static let name = "lse"
    /// `primal` and `gradient`.
    public static let functions = ["primal", "gradient"]

    /// LogSumExp, written once for every scalar type; `x` must not be empty.
    public static func objective<T: Scalar>(_ x: [T]) -> T {
        var a = x[0]
        for i in 1..<x.count { a = max(a, x[i]) }
        var sum: T = 0
        for v in x { sum += exp(v - a) }
        return log(sum) + a
    }

    /// Decodes `{x}`.
    public static func prepare(function: String, input: JSONValue) throws -> PreparedEvaluation {
        let x = try input.doubles("x", minimumCount: 1)
        if function == "primal" { return .number { objective(x) } }
        // Tensor reverse mode (one logsumexp tape entry) from n = 1024 on; below, the scalar tape
        // (also the fallback should a tensor operation refuse).
        let tape = Tape<Double>()
        return .vector {
            (x.count >= 1024 ? try? tensorGradient(x) : nil)
                ?? valueWithGradient(at: x, on: tape) { objective($0) }.gradient
        }
    }
}
