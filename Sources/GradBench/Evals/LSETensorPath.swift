import Tensors

extension LSEEval {
    /// ∇ of LogSumExp by tensor reverse mode: a = max x, log Σ exp(x − a) + a recorded as six tensor
    /// operations (the max's pullback follows the rule table's partials of `max`, as the scalar
    /// path's does). Same value as `objective` up to rounding; `x` must not be empty.
    public static func tensorGradient(_ x: [Double]) throws -> [Double] {
        try Tensors.tensorGradient(at: [Tensor(x)]) { p in
            let a = try p[0].max(alongAxis: 0)
            return try (p[0] - a).applying(.exp).sum().applying(.log) + a
        }[0].scalars
    }
}
