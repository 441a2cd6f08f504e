import Rules
import Tensors

/// One Runge–Kutta stage of the ode eval at one component, written once for every scalar type:
/// kᵢ = xᵢ · (yᵢ₋₁ + c · k′ᵢ₋₁), the field z₀ = x₀, zᵢ = xᵢ yᵢ₋₁ at the stage point y + c·k′
/// (k′ the previous stage; at i = 0 the reads are y₋₁ = 1 and k′₋₁ = 0, which gives x₀ exactly).
/// The scalar step and the step's scan kernel (`ODEStepKernel`, tape and primal) evaluate this body.
@inline(__always)
func odeStage<T: Scalar>(x: T, previousY: T, previousK: T, c: T) -> T { x * (previousY + c * previousK) }

/// The first stage, k₁ᵢ = xᵢ · yᵢ₋₁ (y₋₁ = 1): the field at y itself.
@inline(__always)
func odeFirstStage<T: Scalar>(x: T, previousY: T) -> T { x * previousY }

/// The Runge–Kutta update at one component, y + h/6·k₁ + h/3·k₂ + h/3·k₃ + h/6·k₄, added left to
/// right, written once for every scalar type (the scalar step and `ODEStepKernel`).
@inline(__always)
func odeUpdate<T: Scalar>(y: T, _ k1: T, _ k2: T, _ k3: T, _ k4: T, h: Double) -> T {
    y + T(h / 6) * k1 + T(h / 3) * k2 + T(h / 3) * k3 + T(h / 6) * k4
}

/// One whole Runge–Kutta step at one component as a scan element (`Tensor.scan`) on the operands
/// (x, y): reads xᵢ, yᵢ₋₁ (1 before y₀) and yᵢ; receives k₁, k₂, k₃ at i − 1 (0 before component 0)
/// and carries on its own. Each stage reads the previous stage one place back, which is exactly
/// what the carried values hold, so a step is one pass: the stages and the update in the order of
/// `ODEEval.step`, so the same values to the last bit.
struct ODEStepKernel: ScanKernel {
    /// The step size (one word, so the kernel is stored inline in a tape entry; the coefficients
    /// below are loop invariants, computed once per pass).
    let h: Double

    init(h: Double) { self.h = h }

    /// xᵢ, yᵢ₋₁ (1 before y₀), yᵢ.
    static let layout = [StencilRead(operand: 0), StencilRead(operand: 1, offset: 1, fill: 1), StencilRead(operand: 1)]
    var reads: [StencilRead] { Self.layout }
    /// k₁, k₂, k₃ of the previous component.
    static var carryCount: Int { 3 }
    /// No stages before component 0.
    var initialCarry: ScanCarry<Double> { ScanCarry(0, 0, 0) }

    /// The four stages and the update at one component (always inlined: the scan loops evaluate it
    /// on `Double` and, one input seeded at a time, on dual numbers, and need it expanded there).
    @inline(__always)
    func evaluate<T: Scalar>(_ r: StencilReads<T>, carry: inout ScanCarry<T>) -> T {
        let (x, previousY) = (r[0], r[1])
        let k1 = odeFirstStage(x: x, previousY: previousY)
        let k2 = odeStage(x: x, previousY: previousY, previousK: carry[0], c: T(h / 2))
        let k3 = odeStage(x: x, previousY: previousY, previousK: carry[1], c: T(h / 2))
        let k4 = odeStage(x: x, previousY: previousY, previousK: carry[2], c: T(h))
        carry = ScanCarry(k1, k2, k3)
        return odeUpdate(y: r[2], k1, k2, k3, k4, h: h)
    }
}
