/// The arithmetic the derivative table is written in.
///
/// Anything that can add, multiply and apply the primitives conforms: plain numbers, dual numbers,
/// tape-tracked values, and symbolic expressions. Because the table in `DerivativeTable.swift` is
/// generic over this protocol, evaluating it with symbolic expressions yields symbolic derivatives,
/// and evaluating it with tracked values yields higher derivatives: one table, every mode.
public protocol ScalarArithmetic: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// A constant.
    init(_ constant: Double)
    /// Applies a primitive of one argument.
    static func apply(_ op: Unary, _ x: Self) -> Self
    /// Applies a primitive of two arguments.
    static func apply(_ op: Binary, _ a: Self, _ b: Self) -> Self

    /// a + b.
    static func + (a: Self, b: Self) -> Self
    /// a − b.
    static func - (a: Self, b: Self) -> Self
    /// a · b.
    static func * (a: Self, b: Self) -> Self
    /// a / b.
    static func / (a: Self, b: Self) -> Self
    /// −x.
    static prefix func - (x: Self) -> Self

    /// x · c for a constant c: the rule table's product with a constant operand.
    ///
    /// The default is `x * Self(c)`. Vector forward mode overrides it to skip the constant's
    /// tangent, which is zero (as JAX skips symbolic zeros): otherwise every lane of the product's
    /// tangent also pays for multiplying x by that zero and adding the result.
    func scaled(by c: Double) -> Self
}

/// A number that user code is written against once and Slope evaluates many ways.
///
/// Write a function generic over `Scalar` and the same code runs on `Double` (the value), on
/// `Dual` (forward mode), on `Reverse` (reverse mode) and on their nestings (higher derivatives):
///
/// ```swift
/// func f<T: Scalar>(_ v: [T]) -> T { v[0] * v[0] + 2 * v[1] * v[1] }
/// gradient(at: [1, 2], of: f)          // [2, 8]
/// ```
///
/// Comparisons (`<`, `==`, …) compare the primal values, so branches on values work in every mode;
/// the branch taken is not differentiated (it is piecewise-constant almost everywhere).
public protocol Scalar: ScalarArithmetic, SignedNumeric, Comparable, CustomStringConvertible
where Magnitude == Self {
    /// The innermost primal value as a `Double` (for dual numbers of dual numbers, the plain number).
    var doubleValue: Double { get }

    /// `f(inputs)`, a hook through which reverse mode preaccumulates a small sub-computation.
    ///
    /// The default (every type but `Reverse`) just calls `f`. `Reverse` evaluates `f` on a private
    /// small tape, sweeps it at once and records the result on the outer tape as one node with
    /// `inputs.count` partials (see `LocalFunction`). Same value and derivatives either way.
    static func preaccumulating<F: LocalFunction>(_ f: F, at inputs: UnsafeBufferPointer<Self>) -> Self
}

extension ScalarArithmetic {
    /// A constant from an integer literal, through `init(_:)`.
    @inlinable public init(integerLiteral value: Int) { self.init(Double(value)) }
    /// A constant from a floating-point literal, through `init(_:)`.
    @inlinable public init(floatLiteral value: Double) { self.init(value) }

    /// a + b, through the rule table.
    @inlinable @inline(__always) public static func + (a: Self, b: Self) -> Self { apply(.add, a, b) }
    /// a − b, through the rule table.
    @inlinable @inline(__always) public static func - (a: Self, b: Self) -> Self { apply(.subtract, a, b) }
    /// a · b, through the rule table.
    @inlinable @inline(__always) public static func * (a: Self, b: Self) -> Self { apply(.multiply, a, b) }
    /// a / b, through the rule table.
    @inlinable @inline(__always) public static func / (a: Self, b: Self) -> Self { apply(.divide, a, b) }
    /// −x, through the rule table.
    @inlinable @inline(__always) public static prefix func - (x: Self) -> Self { apply(.negate, x) }
    /// x · c, through the rule table (`x * Self(c)`).
    @inlinable @inline(__always) public func scaled(by c: Double) -> Self { self * Self(c) }
}

extension Scalar {
    /// |x| (the stdlib's `magnitude`, with the rule table's derivative).
    @inlinable public var magnitude: Self { Self.apply(.abs, self) }
    /// Converts an integer exactly representable as `Double`.
    @inlinable public init?<I: BinaryInteger>(exactly source: I) {
        guard let d = Double(exactly: source) else { return nil }
        self.init(d)
    }
    /// a += b.
    @inlinable @inline(__always) public static func += (a: inout Self, b: Self) { a = a + b }
    /// a −= b.
    @inlinable @inline(__always) public static func -= (a: inout Self, b: Self) { a = a - b }
    /// a ·= b.
    @inlinable @inline(__always) public static func *= (a: inout Self, b: Self) { a = a * b }
    /// a /= b.
    @inlinable @inline(__always) public static func /= (a: inout Self, b: Self) { a = a / b }
    /// Whether the primal value is finite (neither infinite nor NaN).
    @inlinable public var isFinite: Bool { doubleValue.isFinite }

    // Conforming types take these defaults rather than declaring their own: a concrete `==` on
    // several literal-expressible types makes `f([7.0]) == 7` ambiguous for generic `f`.
    /// Compares the primal values.
    @inlinable public static func == (a: Self, b: Self) -> Bool { a.doubleValue == b.doubleValue }
    /// Compares the primal values.
    @inlinable public static func < (a: Self, b: Self) -> Bool { a.doubleValue < b.doubleValue }
}

// MARK: - The functions users call

/// √x.
@inlinable @inline(__always) public func sqrt<T: ScalarArithmetic>(_ x: T) -> T { T.apply(.sqrt, x) }
/// eˣ.
@inlinable @inline(__always) public func exp<T: ScalarArithmetic>(_ x: T) -> T { T.apply(.exp, x) }
/// The natural logarithm.
@inlinable @inline(__always) public func log<T: ScalarArithmetic>(_ x: T) -> T { T.apply(.log, x) }
/// log(1 + x), accurate for small x.
@inlinable @inline(__always) public func log1p<T: ScalarArithmetic>(_ x: T) -> T { T.apply(.log1p, x) }
/// eˣ − 1, accurate for small x.
@inlinable @inline(__always) public func expm1<T: ScalarArithmetic>(_ x: T) -> T { T.apply(.expm1, x) }
/// sin x.
@inlinable @inline(__always) public func sin<T: ScalarArithmetic>(_ x: T) -> T { T.apply(.sin, x) }
/// cos x.
@inlinable @inline(__always) public func cos<T: ScalarArithmetic>(_ x: T) -> T { T.apply(.cos, x) }
/// tan x.
@inlinable @inline(__always) public func tan<T: ScalarArithmetic>(_ x: T) -> T { T.apply(.tan, x) }
/// tanh x.
@inlinable @inline(__always) public func tanh<T: ScalarArithmetic>(_ x: T) -> T { T.apply(.tanh, x) }
/// The logistic function 1 / (1 + e⁻ˣ).
@inlinable @inline(__always) public func sigmoid<T: ScalarArithmetic>(_ x: T) -> T { T.apply(.sigmoid, x) }
/// log(1 + eˣ).
@inlinable @inline(__always) public func softplus<T: ScalarArithmetic>(_ x: T) -> T { T.apply(.softplus, x) }
/// max(x, 0); at 0 its subdifferential is [0, 1].
@inlinable @inline(__always) public func relu<T: ScalarArithmetic>(_ x: T) -> T { T.apply(.relu, x) }
/// |x|; at 0 its subdifferential is [−1, 1].
@inlinable @inline(__always) public func abs<T: Scalar>(_ x: T) -> T { T.apply(.abs, x) }
/// The larger of two values; on a tie its subdifferential is the segment between (1, 0) and (0, 1).
@inlinable @inline(__always) public func max<T: Scalar>(_ a: T, _ b: T) -> T { T.apply(.max, a, b) }
/// The smaller of two values; on a tie its subdifferential is the segment between (1, 0) and (0, 1).
@inlinable @inline(__always) public func min<T: Scalar>(_ a: T, _ b: T) -> T { T.apply(.min, a, b) }
// With an integer literal (`max(x, 0)`) the type checker prefers the standard library's
// `Swift.max<T: Comparable>`, which compares values and so bypasses the rule table and the kink
// policy at a tie; these overloads take the literal as `Int` and win.
/// The larger of a value and an integer constant (`max(x, 0)`), through the rule table.
@inlinable @inline(__always) public func max<T: Scalar>(_ a: T, _ b: Int) -> T { T.apply(.max, a, T(Double(b))) }
/// The larger of an integer constant and a value (`max(0, x)`), through the rule table.
@inlinable @inline(__always) public func max<T: Scalar>(_ a: Int, _ b: T) -> T { T.apply(.max, T(Double(a)), b) }
/// The smaller of a value and an integer constant (`min(x, 1)`), through the rule table.
@inlinable @inline(__always) public func min<T: Scalar>(_ a: T, _ b: Int) -> T { T.apply(.min, a, T(Double(b))) }
/// The smaller of an integer constant and a value (`min(1, x)`), through the rule table.
@inlinable @inline(__always) public func min<T: Scalar>(_ a: Int, _ b: T) -> T { T.apply(.min, T(Double(a)), b) }
/// The largest of several values.
@inlinable public func max<T: Scalar>(_ a: T, _ b: T, _ c: T, _ rest: T...) -> T {
    rest.reduce(max(max(a, b), c), max)
}
/// The smallest of several values.
@inlinable public func min<T: Scalar>(_ a: T, _ b: T, _ c: T, _ rest: T...) -> T {
    rest.reduce(min(min(a, b), c), min)
}
/// x limited to `[low, high]`: `min(max(x, low), high)`.
@inlinable public func clamp<T: Scalar>(_ x: T, _ low: T, _ high: T) -> T { min(max(x, low), high) }
/// xⁿ for a constant integer exponent (exact for negative x).
@inlinable @inline(__always) public func pow<T: ScalarArithmetic>(_ x: T, _ n: Int) -> T { T.apply(.powInt(n), x) }
/// xᶜ for a constant real exponent.
@inlinable @inline(__always) public func pow<T: ScalarArithmetic>(_ x: T, _ c: Double) -> T { T.apply(.power(c), x) }
/// aᵇ for a variable exponent (a > 0).
@inlinable @inline(__always) public func pow<T: ScalarArithmetic>(_ a: T, _ b: T) -> T { T.apply(.pow, a, b) }
