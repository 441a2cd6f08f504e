import Rules
import Tensors

/// One Runge–Kutta stage of the ode eval at one component, written once for every scalar type:
/// kᵢ = xᵢ · (yᵢ₋₁ + c · k′ᵢ₋₁), the field z₀ = x₀, zᵢ = xᵢ yᵢ₋₁ at the stage point y + c·k′
/// (k′ the previous stage; at i = 0 the reads are y₋₁ = 1 and k′₋₁ = 0, which gives x₀ exactly).
/// The scalar step, the fused tensor kernel and the fused primal all evaluate this body.
@inline(__always)
func odeStage<T: Scalar>(x: T, previousY: T, previousK: T, c: T) -> T { x * (previousY + c * previousK) }

/// The first stage, k₁ᵢ = xᵢ · yᵢ₋₁ (y₋₁ = 1): the field at y itself.
@inline(__always)
func odeFirstStage<T: Scalar>(x: T, previousY: T) -> T { x * previousY }

/// `odeFirstStage` as a stencil kernel on the operands (x, y).
struct ODEFirstStageKernel: StencilKernel {
    /// xᵢ and yᵢ₋₁ (1 before y₀); one array for every use (reads are asked for on every pass).
    static let layout = [StencilRead(operand: 0), StencilRead(operand: 1, offset: 1, fill: 1)]
    var reads: [StencilRead] { Self.layout }
    func evaluate<T: Scalar>(_ r: StencilReads<T>) -> T { odeFirstStage(x: r[0], previousY: r[1]) }
}

/// `odeStage` with coefficient `c` as a stencil kernel on the operands (x, y, k′).
struct ODEStageKernel: StencilKernel {
    let c: Double
    /// xᵢ, yᵢ₋₁ (1 before y₀) and k′ᵢ₋₁ (0 before k′₀).
    static let layout = [StencilRead(operand: 0), StencilRead(operand: 1, offset: 1, fill: 1), StencilRead(operand: 2, offset: 1, fill: 0)]
    var reads: [StencilRead] { Self.layout }
    func evaluate<T: Scalar>(_ r: StencilReads<T>) -> T { odeStage(x: r[0], previousY: r[1], previousK: r[2], c: T(c)) }
}

/// The Runge–Kutta update's coefficients on (y, k₁, k₂, k₃, k₄): y + h/6·k₁ + h/3·k₂ + h/3·k₃ + h/6·k₄,
/// added left to right (the order of `Tensor.linearCombination`).
func odeUpdateCoefficients(h: Double) -> [Double] { [1, h / 6, h / 3, h / 3, h / 6] }

/// One whole Runge–Kutta step at one component as a scan element (`Tensor.scan`) on the operands
/// (x, y): reads xᵢ, yᵢ₋₁ (1 before y₀) and yᵢ; receives k₁, k₂, k₃ at i − 1 (0 before component 0)
/// and carries on its own. Each stage reads the previous stage one place back, which is exactly
/// what the carried values hold, so a step is one pass: the stages and the update in the order of
/// `ODEEval.step`, so the same values to the last bit.
struct ODEStepKernel: ScanKernel {
    /// h/2, h, h/6, h/3 for a step of size h.
    let half, whole, sixth, third: Double

    init(h: Double) {
        let update = odeUpdateCoefficients(h: h)
        (half, whole, sixth, third) = (h / 2, h, update[1], update[2])
    }

    /// xᵢ, yᵢ₋₁ (1 before y₀), yᵢ.
    static let layout = [StencilRead(operand: 0), StencilRead(operand: 1, offset: 1, fill: 1), StencilRead(operand: 1)]
    var reads: [StencilRead] { Self.layout }
    static var carryCount: Int { 3 }
    var initialCarry: ScanCarry<Double> { ScanCarry(0, 0, 0) }

    @inline(__always)
    func evaluate<T: Scalar>(_ r: StencilReads<T>, carry: inout ScanCarry<T>) -> T {
        let (x, previousY) = (r[0], r[1])
        let k1 = odeFirstStage(x: x, previousY: previousY)
        let k2 = odeStage(x: x, previousY: previousY, previousK: carry[0], c: T(half))
        let k3 = odeStage(x: x, previousY: previousY, previousK: carry[1], c: T(half))
        let k4 = odeStage(x: x, previousY: previousY, previousK: carry[2], c: T(whole))
        carry = ScanCarry(k1, k2, k3)
        return r[2] + T(sixth) * k1 + T(third) * k2 + T(third) * k3 + T(sixth) * k4
    }
}
