import Rules

/// The values one scan element hands to the next (at most `ScanCarry.capacity`; the slots past
/// the kernel's `carryCount` are never read or changed by the loops).
@frozen
public struct ScanCarry<T: Scalar> {
    /// The most values a kernel may carry.
    public static var capacity: Int { 4 }

    @usableFromInline var values: (T, T, T, T)

    /// Four carried values (unused slots 0).
    @inlinable @inline(__always)
    public init(_ c0: T, _ c1: T = 0, _ c2: T = 0, _ c3: T = 0) { values = (c0, c1, c2, c3) }

    /// Carried value `m` (0 ..< capacity).
    @inlinable
    public subscript(_ m: Int) -> T {
        @inline(__always) get {
            switch m {
            case 0: values.0
            case 1: values.1
            case 2: values.2
            default: values.3
            }
        }
        @inline(__always) set {
            switch m {
            case 0: values.0 = newValue
            case 1: values.1 = newValue
            case 2: values.2 = newValue
            default: values.3 = newValue
            }
        }
    }
}

/// The body of a fused recurrence along the leading axis (`Tensor.scan`): element i of the result
/// from the operand values it reads (`reads`, as for a stencil: operand, places back, fill) and
/// the values element i − 1 carried over, which it replaces with its own. Written once generically
/// over `Scalar`.
///
/// `Tensor.scan` runs the body on `Double` in one forward pass; the pullback of `TrackedTensor.scan`
/// is one backward pass that evaluates the same body on dual numbers with structural zeros
/// (`StructuralDual`), one input (read or carried value) seeded at a time, and carries the
/// cotangents of the carried values from element i + 1 back to element i. So every local partial
/// comes from the rule table through forward mode, and a partial that is zero by the body's
/// structure costs nothing. A body written as a `@ReverseGradient` function of scalars that
/// `evaluate` calls can supply its generated pullback instead (`elementPullback`): one reverse
/// sweep per element rather than one forward evaluation per input. A
/// cumulative sum, a first-order filter, or a whole Runge–Kutta step whose stages each read the
/// previous stage one place back are scans:
///
/// ```swift
/// /// yᵢ = a·yᵢ₋₁ + xᵢ (y₋₁ = 0): one carried value.
/// struct Filter: ScanKernel {
///     let a: Double
///     var reads: [StencilRead] { [StencilRead(operand: 0)] }
///     static var carryCount: Int { 1 }
///     var initialCarry: ScanCarry<Double> { ScanCarry(0) }
///     func evaluate<T: Scalar>(_ r: StencilReads<T>, carry: inout ScanCarry<T>) -> T {
///         carry[0] = T(a) * carry[0] + r[0]
///         return carry[0]
///     }
/// }
/// ```
///
/// For rank > 1 each position of a slice (each column of a matrix) is its own recurrence along the
/// leading axis. Mark a body longer than a few operations `@inline(__always)`: the loops evaluate
/// it once per seeded input and need it expanded to fold the structural zeros. `carryCount` is a property of the type (a literal in a computed `static var`), so
/// the loops are specialized for it; the loops are `@inlinable` protocol defaults, so a conformance
/// in any module gets them specialized for its body: do not implement `writeScanValues` or
/// `addScanShares` yourself.
public protocol ScanKernel: Sendable, Equatable {
    /// The inputs of each element, 1 … `StencilReads.capacity` of them, in the order `evaluate`
    /// receives them.
    var reads: [StencilRead] { get }

    /// How many values each element carries to the next, 1 … `ScanCarry.capacity`.
    static var carryCount: Int { get }

    /// The carried values before the first element (constants: no cotangent).
    var initialCarry: ScanCarry<Double> { get }

    /// The value of one element from its reads; `carry` holds what the previous element carried
    /// and is left holding what this one carries.
    func evaluate<T: Scalar>(_ r: StencilReads<T>, carry: inout ScanCarry<T>) -> T

    /// One element's pullback by code compiled for the body: from what the element read (`reads`)
    /// and received (`received`), and the cotangents of its value (`cotangent`) and of what it
    /// carried on (`carried`), the cotangents of its reads and of what it received (slots past
    /// the reads' count and `carryCount` are ignored). nil (the default) has the loops evaluate
    /// the body on `StructuralDual`, once per input.
    ///
    /// Implement it only with the `<name>Pullback` that `@ReverseGradient` generates from a
    /// function `evaluate` itself calls, so that the derivative is the body's, from the rule table.
    func elementPullback(_ reads: StencilReads<Double>, received: ScanCarry<Double>, cotangent: Double,
                         carried: ScanCarry<Double>) -> (reads: StencilReads<Double>, received: ScanCarry<Double>)?

    /// Writes the result's scalars to `out` in one forward pass and, when `states` is not nil, what
    /// the pullback needs of the carried values (`StencilGeometry.recordScalars` of them: see
    /// `ScanRecords`); operands already checked.
    func writeScanValues(_ operands: [Tensor], inner: Int, into out: UnsafeMutablePointer<Double>,
                         states: UnsafeMutablePointer<Double>?)

    /// Adds each read's share of the vector–Jacobian product into `bars[j]` (nil: not wanted) at
    /// the operand index element k read, in one backward pass from the cotangent `g` and the
    /// `states` a recording `writeScanValues` kept; operands already checked. Reads of one operand
    /// may be given the same buffer.
    func addScanShares(cotangent g: Tensor, operands: [Tensor], states: UnsafePointer<Double>, inner: Int,
                       into bars: StencilBars)
}

extension ScanKernel {
    /// No compiled pullback: the loops evaluate the body on `StructuralDual`.
    @inlinable
    public func elementPullback(_ reads: StencilReads<Double>, received: ScanCarry<Double>, cotangent: Double,
                                carried: ScanCarry<Double>) -> (reads: StencilReads<Double>, received: ScanCarry<Double>)? {
        nil
    }

    /// Whether `other` is this kernel (same type, equal parameters).
    public func isEqual(_ other: any ScanKernel) -> Bool { (other as? Self) == self }
}

/// A scan kernel as a value of `TensorOperation`: compared by type and parameters.
public struct AnyScanKernel: Sendable, Equatable, CustomStringConvertible {
    /// The kernel.
    public let base: any ScanKernel

    /// Wraps a kernel.
    public init(base: any ScanKernel) { self.base = base }

    /// Same kernel type with equal parameters.
    public static func == (a: AnyScanKernel, b: AnyScanKernel) -> Bool { a.base.isEqual(b.base) }

    /// `scan(KernelType)`.
    public var description: String { "scan(\(type(of: base)))" }
}
