/// An n-dimensional array of `Double` in row-major order: the value type that tensor operations
/// and tensor reverse mode work on.
///
/// ```swift
/// let x = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
/// let column = try x.sum(alongAxis: 0)     // [5, 7, 9]
/// let y = try x * Tensor([10, 20, 30])      // broadcasting along rows
/// ```
///
/// Storage is one contiguous array; operations allocate their result once and never per scalar.
public struct Tensor: Equatable, Sendable, CustomStringConvertible {
    /// The extent of each dimension (empty for a scalar).
    public let shape: [Int]
    /// The scalars in row-major order.
    public var scalars: [Double]

    /// A tensor from a shape and its scalars; throws unless the count matches.
    public init(shape: [Int], scalars: [Double]) throws {
        if shape.contains(where: { $0 < 0 }) { throw TensorError.negativeDimension(shape: shape) }
        if shape.reduce(1, *) != scalars.count { throw TensorError.scalarCount(shape: shape, count: scalars.count) }
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor whose shape is known to match (internal: callers guarantee it).
    @inlinable
    init(unchecked shape: [Int], _ scalars: [Double]) {
        self.shape = shape
        self.scalars = scalars
    }

    /// A rank-0 tensor holding one number.
    public init(_ scalar: Double) { self.init(unchecked: [], [scalar]) }

    /// A rank-1 tensor (vector).
    public init(_ vector: [Double]) { self.init(unchecked: [vector.count], vector) }

    /// A rank-2 tensor (matrix) from its rows; throws for ragged rows.
    public init(rows: [[Double]]) throws {
        let columns = rows.first?.count ?? 0
        for (i, row) in rows.enumerated() where row.count != columns {
            throw TensorError.ragged(row: i, expected: columns, actual: row.count)
        }
        self.init(unchecked: [rows.count, columns], rows.flatMap { $0 })
    }

    /// A tensor of one repeated value.
    public init(repeating value: Double, shape: [Int]) throws {
        try self.init(shape: shape, scalars: [Double](repeating: value, count: Swift.max(0, shape.reduce(1, *))))
    }

    /// Zeros of a shape.
    public static func zeros(_ shape: [Int]) throws -> Tensor { try Tensor(repeating: 0, shape: shape) }

    /// The number of dimensions.
    public var rank: Int { shape.count }
    /// The number of scalars.
    public var count: Int { scalars.count }
    /// The single value of a tensor with one scalar (any shape), else nil.
    public var scalar: Double? { scalars.count == 1 ? scalars[0] : nil }

    /// The same scalars viewed with another shape of equal size.
    public func reshaped(_ newShape: [Int]) throws -> Tensor { try Tensor(shape: newShape, scalars: scalars) }

    /// The scalar at a multi-index (row-major); nil if the index is out of range.
    public func element(at index: [Int]) -> Double? {
        guard index.count == rank else { return nil }
        var offset = 0
        for (i, n) in zip(index, shape) {
            guard i >= 0 && i < n else { return nil }
            offset = offset * n + i
        }
        return scalars[offset]
    }

    /// `Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])`.
    public var description: String { "Tensor(shape: \(shape), scalars: \(scalars))" }
}
