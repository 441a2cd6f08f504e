import AutoDiff
import Rules

/// Compiled programs on the AD engine: reverse mode for gradients, forward mode for directions.
enum AutoDiffBridge {
    static func valueWithGradient(_ program: Program, at point: [Double]) -> (value: Double, gradient: [Double]) {
        AutoDiff.valueWithGradient(at: point) { (inputs: [Reverse<Double>]) in program.value(at: inputs) }
    }
}

extension Program {
    /// The gradient of the first output at `point` by forward mode (one pass per variable) — the
    /// independent check on `valueWithGradient`.
    public func forwardGradient(at point: [Double]) -> [Double] {
        AutoDiff.forwardGradient(at: point) { (inputs: [Dual<Double>]) in self.value(at: inputs) }
    }

    /// The directional derivative ∇f·v of the first output at `point`, in one forward pass.
    public func directionalDerivative(at point: [Double], along direction: [Double]) throws -> Double {
        try AutoDiff.directionalDerivative(at: point, along: direction) { (inputs: [Dual<Double>]) in self.value(at: inputs) }
    }

    /// The Hessian of the first output at `point`, forward-over-reverse on the engine.
    public func hessian(at point: [Double]) -> [[Double]] {
        AutoDiff.hessian(at: point) { (inputs: [Reverse<Dual<Double>>]) in self.value(at: inputs) }
    }
}
