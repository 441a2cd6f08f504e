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
    /// log Σ exp along an axis (operands: the input, and optionally the forward pass's exponentials
    /// and reciprocal sums).
    case logSumExpAlongAxis(Int)
    /// Σ op(x) along an axis.
    case sumApplying(Unary, axis: Int)
    /// A d×d matrix whose strictly lower triangle is filled, column by column, from a vector.
    case strictlyLowerTriangular
    /// Equal-shaped operands stacked along a new leading axis.
    case stack
    /// Operands joined along their leading axis.
    case concatenate
    /// Moved this many places along the leading axis, vacated places filled with a constant.
    case shift(Int)
    /// Σⱼ cⱼ·tⱼ of equal-shaped operands with these constant coefficients.
    case linearCombination([Double])
    /// A fused elementwise/stencil body evaluated per element (`TrackedTensor.stencil`).
    case stencil(AnyStencilKernel)
    /// A fused recurrence along the leading axis (`TrackedTensor.scan`); its last operand is the
    /// values each element received in the forward pass.
    case scan(AnyScanKernel)
    /// A scan applied `times` times to its own result (`TrackedTensor.iteratedScan`); its operands
    /// are the kernel's (the initial state last), then the states of steps 1 ..< times, then what
    /// every step's scan kept for its pullback.
    case iteratedScan(AnyScanKernel, times: Int)
}

/// One recorded tensor operation: its result, its operation, and its operands (values, and tape
/// ids for the tracked ones).
struct TensorNode {
    let operation: TensorOperation
    let value: Tensor
    var operands: [Tensor]
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

    /// The reverse sweep from a seed cotangent on `output`: the cotangent of every input node (nil
    /// where nothing flows).
    ///
    /// The sweep consumes the tape (it is left empty): once a node's pullback has run, the node and its cotangent
    /// are released (nothing later in the sweep reads them), so pullbacks can reuse buffers that
    /// nothing else holds instead of allocating (`TensorOperation.pullback`). Sweep a tape once.
    func adjoints(from output: Int, seed: Tensor) throws -> [Tensor?] {
        var adjoint = [Tensor?](repeating: nil, count: nodes.count)
        adjoint[output] = seed
        // The nodes are moved out of the tape and popped one by one (no copy of a node's operation,
        // value, operands and parents, so no reference counting per field), each freed once pulled back.
        var pending: [TensorNode] = []
        swap(&pending, &nodes)
        pending.removeSubrange(min(output + 1, pending.count)...)
        while var node = pending.popLast() {
            let id = pending.count
            if case .input = node.operation { continue }
            // Taken out (not copied): this cotangent is used up, and its buffer is freed while warm.
            guard var g = adjoint[id].take() else { continue }
            // A pullback may reuse operand buffers nothing else holds.
            try node.operation.accumulatePullback(&g, value: node.value, operands: &node.operands, parents: node.parents,
                                                  into: &adjoint)
        }
        return adjoint
    }
}
