import Foundation
import Rules

/// The operations tensor reverse mode records: one tape entry per tensor operation.
public enum TensorOperation: Sendable, Equatable {
    /// An input (a variable to differentiate with respect to).
    case input
    /// A primitive of one argument applied elementwise.
    case unary(Unary)
    /// A primitive of two arguments applied elementwise, with broadcasting.
    case binary(Binary)
    /// Matrix–vector product.
    case matvec
    /// Transposed matrix–vector product Aᵀ·v.
    case transposedMatvec
    /// The rows of the operand at the given indices.
    case gatherRows([Int])
    /// Matrix–matrix product.
    case matmul
    /// Matrix transpose.
    case transpose
    /// Reshape to the node's shape.
    case reshape
    /// Sum of all scalars.
    case sum
    /// Sum along an axis.
    case sumAlongAxis(Int)
    /// Maximum along an axis.
    case maxAlongAxis(Int)
    /// log Σ exp along an axis.
    case logSumExpAlongAxis(Int)
    /// A d×d matrix whose strictly lower triangle is filled, column by column, from a vector.
    case strictlyLowerTriangular
    /// Equal-shaped operands stacked along a new leading axis.
    case stack
    /// Moved this many places along the leading axis, vacated places filled with a constant.
    case shift(Int)
}

/// One recorded tensor operation: its result, its operation, and its operands (values, and tape
/// ids for the tracked ones).
struct TensorNode {
    let operation: TensorOperation
    let value: Tensor
    let operands: [Tensor]
    let parents: [Int?]
}

/// The tape of tensor reverse mode: the record of one evaluation, one entry per tensor operation.
///
/// The reverse sweep walks the entries backwards, applying each operation's vector–Jacobian
/// product at tensor granularity (`TensorOperation.pullback`), whose elementwise local derivatives
/// come from the rule table.
public final class TensorTape: @unchecked Sendable {
    var nodes: [TensorNode] = []

    /// Creates an empty tape.
    public init() {}

    /// How many operations (including inputs) are recorded.
    public var count: Int { nodes.count }

    /// A new input on this tape.
    public func variable(_ value: Tensor) -> TrackedTensor {
        record(.input, value, operands: [], parents: [])
    }

    func record(_ operation: TensorOperation, _ value: Tensor, operands: [Tensor], parents: [Int?]) -> TrackedTensor {
        nodes.append(TensorNode(operation: operation, value: value, operands: operands, parents: parents))
        return TrackedTensor(value: value, id: nodes.count - 1, tape: self)
    }

    /// The reverse sweep from a seed cotangent on `output`: the cotangent of every input (nil where
    /// nothing flows; the other nodes' cotangents are released once pulled back).
    func adjoints(from output: Int, seed: Tensor) throws -> [Tensor?] {
        var adjoint = [Tensor?](repeating: nil, count: nodes.count)
        adjoint[output] = seed
        for id in stride(from: output, through: 0, by: -1) {
            guard let g = adjoint[id] else { continue }
            let node = nodes[id]
            if node.operation == .input { continue }
            let wanted = node.parents.map { $0 != nil }
            let contributions = try node.operation.pullback(g, value: node.value, operands: node.operands, wanted: wanted)
            // This cotangent is used up: release it now, so buffers are reused while they are warm.
            adjoint[id] = nil
            for (parent, contribution) in zip(node.parents, contributions) {
                guard let parent, let contribution else { continue }
                if var existing = adjoint[parent] {
                    adjoint[parent] = nil   // Unique, so the sum is accumulated in place.
                    if existing.shape == contribution.shape { existing.add(contribution) } else { existing = try existing + contribution }
                    adjoint[parent] = existing
                } else {
                    adjoint[parent] = contribution
                }
            }
        }
        return adjoint
    }
}
