import Rules

/// Where one input of a stencil element comes from: element i of the result reads operand
/// `operand` at i − `offset` along the leading axis (a whole slice of it for rank > 1), and the
/// constant `fill` where that index falls outside the operand.
///
/// ```swift
/// StencilRead(operand: 1, offset: 1, fill: 1)   // yᵢ₋₁, and 1 in front of y₀
/// ```
public struct StencilRead: Sendable, Equatable {
    /// Which operand (an index into the operands of `Tensor.stencil`).
    public let operand: Int
    /// How many places back along the leading axis (negative: ahead).
    public let offset: Int
    /// The value read where i − offset is outside the operand (a constant: no cotangent).
    public let fill: Double

    /// A read of `operand` at `offset` places back, `fill` outside.
    public init(operand: Int, offset: Int = 0, fill: Double = 0) {
        self.operand = operand
        self.offset = offset
        self.fill = fill
    }
}

/// The values one stencil element reads, in the order of its kernel's `reads` (at most
/// `StencilReads.capacity`; the slots past the kernel's reads hold 0).
@frozen
public struct StencilReads<T: Scalar> {
    /// The most reads a kernel may declare.
    public static var capacity: Int { 4 }

    @usableFromInline var values: (T, T, T, T)

    /// Four read values (unused slots 0).
    @inlinable @inline(__always)
    public init(_ r0: T, _ r1: T, _ r2: T, _ r3: T) { values = (r0, r1, r2, r3) }

    /// The value of read `j` (0 ..< capacity).
    @inlinable
    public subscript(_ j: Int) -> T {
        @inline(__always) get {
            switch j {
            case 0: values.0
            case 1: values.1
            case 2: values.2
            default: values.3
            }
        }
    }
}

/// The body of a fused elementwise/stencil tensor operation: the value of one element of the
/// result from the few operand values it reads, written once generically over `Scalar`.
///
/// `Tensor.stencil` evaluates it on `Double` for every element in one pass; the pullback of
/// `TrackedTensor.stencil` evaluates the same body on dual numbers (`StructuralDual`) with one
/// read seeded at a time, so every local partial comes from the rule table through forward mode,
/// never from a hand-written derivative. Conform with a small struct (Equatable: two records of the same
/// kernel with the same parameters are the same operation):
///
/// ```swift
/// struct Stage: StencilKernel {
///     let c: Double
///     var reads: [StencilRead] { [.init(operand: 0), .init(operand: 1, offset: 1, fill: 1), .init(operand: 2, offset: 1)] }
///     func evaluate<T: Scalar>(_ r: StencilReads<T>) -> T { r[0] * (r[1] + T(c) * r[2]) }
/// }
/// ```
///
/// The loops are `@inlinable` protocol defaults, so a conformance in any module gets them
/// specialized for its body; do not implement `writeStencilValues` or `addStencilShares` yourself.
public protocol StencilKernel: Sendable, Equatable {
    /// The inputs of each element, 1 … `StencilReads.capacity` of them, in the order `evaluate`
    /// receives them.
    var reads: [StencilRead] { get }

    /// The value of one element from its reads.
    func evaluate<T: Scalar>(_ r: StencilReads<T>) -> T

    /// Writes the result's scalars (see `Tensor.stencil`) to `out`; operands already checked.
    func writeStencilValues(_ operands: [Tensor], inner: Int, into out: UnsafeMutablePointer<Double>)

    /// Adds each read's share of the vector–Jacobian product, ḡᵢ · ∂(element i)/∂(read j), into
    /// `bars[j]` (nil: not wanted) at the operand index element i read; operands already checked.
    /// Reads of one wanted operand must be given the same buffer.
    func addStencilShares(cotangent g: Tensor, operands: [Tensor], inner: Int, into bars: StencilBars)
}

extension StencilKernel {
    /// Whether `other` is this kernel (same type, equal parameters).
    public func isEqual(_ other: any StencilKernel) -> Bool { (other as? Self) == self }
}

/// The cotangent buffers a stencil's pullback adds into, one per read slot (nil: not wanted).
public struct StencilBars {
    @usableFromInline let slots: (UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?,
                                  UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?)

    /// Four slots (nil where a read is not wanted or there is no read).
    public init(_ b0: UnsafeMutablePointer<Double>?, _ b1: UnsafeMutablePointer<Double>?,
                _ b2: UnsafeMutablePointer<Double>?, _ b3: UnsafeMutablePointer<Double>?) {
        slots = (b0, b1, b2, b3)
    }

    /// The buffer of read j.
    @inlinable public subscript(_ j: Int) -> UnsafeMutablePointer<Double>? {
        switch j {
        case 0: slots.0
        case 1: slots.1
        case 2: slots.2
        default: slots.3
        }
    }
}

/// A stencil kernel as a value of `TensorOperation`: compared by type and parameters.
public struct AnyStencilKernel: Sendable, Equatable, CustomStringConvertible {
    /// The kernel.
    public let base: any StencilKernel

    /// Wraps a kernel.
    public init(base: any StencilKernel) { self.base = base }

    /// Same kernel type with equal parameters.
    public static func == (a: AnyStencilKernel, b: AnyStencilKernel) -> Bool { a.base.isEqual(b.base) }

    /// `stencil(KernelType)`.
    public var description: String { "stencil(\(type(of: base)))" }
}
