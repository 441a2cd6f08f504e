extension Double: Scalar {
    /// The number itself.
    @inlinable public var doubleValue: Double { self }
    /// Evaluates a primitive.
    @inlinable @inline(__always) public static func apply(_ op: Unary, _ x: Double) -> Double { op.evaluate(x) }
    /// Evaluates a primitive.
    @inlinable @inline(__always) public static func apply(_ op: Binary, _ a: Double, _ b: Double) -> Double { op.evaluate(a, b) }
}

extension Float: Scalar {
    /// The number widened to `Double`.
    @inlinable public var doubleValue: Double { Double(self) }
    /// Evaluates a primitive (in double precision, rounded once).
    @inlinable public static func apply(_ op: Unary, _ x: Float) -> Float { Float(op.evaluate(Double(x))) }
    /// Evaluates a primitive (in double precision, rounded once).
    @inlinable public static func apply(_ op: Binary, _ a: Float, _ b: Float) -> Float {
        switch op {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        default: return Float(op.evaluate(Double(a), Double(b)))
        }
    }
}
