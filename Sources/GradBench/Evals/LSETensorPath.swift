import Tensors

extension LSEEval {
    /// ∇ of LogSumExp by tensor reverse mode: one `logSumExp(alongAxis:)` tape entry, whose pullback
    /// is the chain rule through the rule table's log and exp. Same value as `objective` up to
    /// rounding (both take the max trick); the gradient is softmax, which the scalar path gets
    /// through the max with a net zero contribution. `x` must not be empty.
    public static func tensorGradient(_ x: [Double]) throws -> [Double] {
        try Tensors.tensorGradient(at: [Tensor(x)]) { p in try p[0].logSumExp(alongAxis: 0) }[0].scalars
    }
}
