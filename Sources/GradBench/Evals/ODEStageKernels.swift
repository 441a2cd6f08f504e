import AutoDiff
import Rules
import Tensors

/// One whole Runge–Kutta step at one component as a scan element (`Tensor.scan`) on the operands
/// (x, y): reads xᵢ, yᵢ₋₁ (1 before y₀) and yᵢ; receives k₁, k₂, k₃ at i − 1 (0 before component 0)
/// and carries on its own. Each stage reads the previous stage one place back, which is exactly
/// what the carried values hold, so a step is one pass. The body is `component`, which the scalar
/// `ODEEval.step` calls too (so the same values to the last bit); the pullback is the one
/// `@ReverseGradient` generates from it (`elementPullback`): one reverse sweep per element.
struct ODEStepKernel: ScanKernel {
    /// The step size (one word, so the kernel is stored inline in a tape entry; the coefficients
    /// of `component` are loop invariants, computed once per pass).
    let h: Double

    init(h: Double) { self.h = h }

    /// xᵢ, yᵢ₋₁ (1 before y₀), yᵢ.
    static let layout = [StencilRead(operand: 0), StencilRead(operand: 1, offset: 1, fill: 1), StencilRead(operand: 1)]
    var reads: [StencilRead] { Self.layout }
    /// k₁, k₂, k₃ of the previous component.
    static var carryCount: Int { 3 }
    /// No stages before component 0.
    var initialCarry: ScanCarry<Double> { ScanCarry(0, 0, 0) }

    /// One component of a Runge–Kutta step of size `h` on y₀′ = x₀, yᵢ′ = xᵢ yᵢ₋₁, written once for
    /// every scalar type: the stages k₁ = xᵢ yᵢ₋₁ and kⱼ = xᵢ (yᵢ₋₁ + cⱼ k′ⱼ₋₁) (the field at the
    /// stage point y + cⱼ kⱼ₋₁; c = h/2, h/2, h; k′ the previous stage at component i − 1), then
    /// the update yᵢ + h/6·k₁ + h/3·k₂ + h/3·k₃ + h/6·k₄ added left to right; returns the updated yᵢ
    /// and k₁, k₂, k₃ for component i + 1. At i = 0 the previous values are y₋₁ = 1 and k′ = 0,
    /// which gives the field x₀ exactly. The one definition of the step: the scalar step, the
    /// scan's primal and tape (`evaluate`) and its pullback (`componentPullback`) all come from it.
    @inline(__always)
    @ReverseGradient(wrt: "x", "previousY", "y", "previousK1", "previousK2", "previousK3")
    static func component<T: Scalar>(x: T, previousY: T, y: T, previousK1: T, previousK2: T, previousK3: T,
                                     h: Double) -> (T, T, T, T) {
        let k1 = x * previousY
        let k2 = x * (previousY + T(h / 2) * previousK1)
        let k3 = x * (previousY + T(h / 2) * previousK2)
        let k4 = x * (previousY + T(h) * previousK3)
        return (y + T(h / 6) * k1 + T(h / 3) * k2 + T(h / 3) * k3 + T(h / 6) * k4, k1, k2, k3)
    }

    /// The step at one component (`component`).
    @inline(__always)
    func evaluate<T: Scalar>(_ r: StencilReads<T>, carry: inout ScanCarry<T>) -> T {
        let (value, k1, k2, k3) = Self.component(x: r[0], previousY: r[1], y: r[2], previousK1: carry[0],
                                                 previousK2: carry[1], previousK3: carry[2], h: h)
        carry = ScanCarry(k1, k2, k3)
        return value
    }

    /// The step's pullback at one component: `componentPullback`, one reverse sweep from the
    /// cotangents of the updated yᵢ and of the carried stages.
    @inline(__always)
    func elementPullback(_ reads: StencilReads<Double>, received: ScanCarry<Double>, cotangent: Double,
                         carried: ScanCarry<Double>) -> (reads: StencilReads<Double>, received: ScanCarry<Double>)? {
        let g = Self.componentPullback(x: reads[0], previousY: reads[1], y: reads[2], previousK1: received[0],
                                       previousK2: received[1], previousK3: received[2], h: h,
                                       cotangent: (cotangent, carried[0], carried[1], carried[2])).gradient
        return (StencilReads(g.x, g.previousY, g.y, 0), ScanCarry(g.previousK1, g.previousK2, g.previousK3))
    }
}
