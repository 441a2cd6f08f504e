import Optimizers
import Rules
import Tensors

/// Linear regression ŷ = w·x + b on a data set, with the article's MSE loss (section 5.3) and an
/// optional L1 penalty λ‖w‖₁ (lasso; the bias is not penalized).
///
/// Parameters are one vector θ = [w₀ … w_{d−1}, b]. The loss and gradient come from the fused
/// one-pass kernel; `tensorLossAndGradient` computes the same through tensor reverse mode.
///
/// ```swift
/// let model = LinearRegression(data)
/// let (loss, gradient) = model.lossAndGradient(at: [Double](repeating: 0, count: data.dimension + 1))
/// var gd = try GradientDescent(step: .fixed(model.defaultStep()))
/// let fit = try minimize(model.objective, from: model.zeroParameters, using: &gd)
/// ```
public struct LinearRegression: Sendable {
    /// The data.
    public let data: Dataset
    /// λ ≥ 0, the weight of the L1 penalty λ Σ|wⱼ|.
    public let l1: Double

    /// A model of the data, optionally L1-regularized.
    public init(_ data: Dataset, l1: Double = 0) {
        self.data = data
        self.l1 = l1
    }

    /// θ = 0 (d weights and the bias).
    public var zeroParameters: [Double] { [Double](repeating: 0, count: data.dimension + 1) }

    /// L(θ) and ∇L(θ) by the fused kernel (a subgradient of the L1 term, from the rule table's
    /// `abs`, when λ > 0).
    public func lossAndGradient(at parameters: [Double]) -> (loss: Double, gradient: [Double]) {
        var (loss, gradient) = data.features.withUnsafeBufferPointer { x in
            data.targets.withUnsafeBufferPointer { y in
                parameters.withUnsafeBufferPointer { p in
                    fusedLossAndGradient(features: x, targets: y, dimension: data.dimension, parameters: p)
                }
            }
        }
        if l1 > 0 { addL1(parameters, &loss, &gradient, weight: l1) }
        return (loss, gradient)
    }

    /// L(θ) alone.
    public func loss(at parameters: [Double]) -> Double { lossAndGradient(at: parameters).loss }

    /// L(θ) and ∇L(θ) through tensor reverse mode: L = mean((X·w + b − y)²) + λ·sum(|w|), one tape
    /// entry per tensor operation. Agrees with `lossAndGradient` to rounding.
    public func tensorLossAndGradient(at parameters: [Double]) throws -> (loss: Double, gradient: [Double]) {
        let d = data.dimension
        let x = try Tensor(shape: [data.count, d], scalars: data.features)
        let y = Tensor(data.targets)
        let (loss, g) = try tensorValueWithGradient(at: [Tensor(Array(parameters[..<d])), Tensor(parameters[d])]) { p in
            let residual = try x.matvec(p[0]) + p[1] - y
            let mse = try (residual * residual).mean()
            return l1 > 0 ? try mse + (try p[0].applying(.abs).sum() * Tensor(l1)) : mse
        }
        return (loss, g[0].scalars + g[1].scalars)
    }

    /// The loss and gradient for the optimizers (fused kernel).
    public var objective: Objective {
        let model = self
        return Objective(dimension: data.dimension + 1,
                         valueWithGradient: { p in
                             let result = model.lossAndGradient(at: p)
                             return (result.loss, result.gradient)
                         })
    }

    /// The mean loss and gradient over a subset of rows (for mini-batches).
    public func batchLossAndGradient(at parameters: [Double], rows: some Collection<Int>) -> (value: Double, gradient: [Double]) {
        let d = data.dimension
        var gradient = [Double](repeating: 0, count: d + 1)
        var sse = 0.0
        data.features.withUnsafeBufferPointer { x in
            for i in rows {
                let row = x.baseAddress! + i * d
                var r = parameters[d] - data.targets[i]
                for j in 0..<d { r += parameters[j] * row[j] }
                sse += r * r
                for j in 0..<d { gradient[j] += r * row[j] }
                gradient[d] += r
            }
        }
        let n = Double(Swift.max(rows.count, 1))
        var loss = sse / n
        for j in gradient.indices { gradient[j] *= 2 / n }
        if l1 > 0 { addL1(parameters, &loss, &gradient, weight: l1) }
        return (loss, gradient)
    }

    /// Mini-batches over shuffled rows, for `minimizeStochastically`.
    public var stochasticObjective: SampledObjective {
        let model = self
        return SampledObjective(dimension: data.dimension + 1, count: data.count) { p, rows in
            model.batchLossAndGradient(at: p, rows: rows)
        }
    }

    /// The default gradient-descent step 1/L, with L the Lipschitz constant of the MSE gradient
    /// (2·λmax of AᵀA/N, A = [X 1]), estimated by power iteration.
    public func defaultStep(statistics: GramStatistics? = nil) -> Double {
        let lipschitz = (statistics ?? GramStatistics(data)).lipschitzConstant()
        return lipschitz > 0 ? 1 / lipschitz : 1
    }
}

/// Adds λ Σ|wⱼ| to the loss and its subgradient λ·abs′(wⱼ) (the rule table's, kink policy
/// included) to the gradient; the last parameter (the bias) is not penalized.
func addL1(_ parameters: [Double], _ loss: inout Double, _ gradient: inout [Double], weight: Double) {
    for j in 0..<(parameters.count - 1) {
        let w = parameters[j]
        let magnitude = Unary.abs.evaluate(w)
        loss += weight * magnitude
        gradient[j] += weight * localDerivative(Unary.abs, at: w, value: magnitude)
    }
}
