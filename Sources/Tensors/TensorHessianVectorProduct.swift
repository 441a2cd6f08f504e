/// The value, the gradient and the Hessian–vector product H·v of a scalar-valued function of
/// tensors, by tensor forward-over-reverse mode: one evaluation recording one tape entry per
/// tensor operation together with its tangent along `directions` (forward mode), then one reverse
/// sweep carrying each cotangent with its tangent.
///
/// Every local derivative and its derivative come from the rule table evaluated on `Dual`
/// numbers, so second derivatives need no second copy of the calculus. For a function whose
/// Hessian is diagonal, directions of all ones give the Hessian's diagonal.
///
/// ```swift
/// // f(w) = Σ wᵢ³: gradient 3wᵢ², Hessian diagonal 6wᵢ.
/// let (_, g, hv) = try tensorHessianVectorProduct(at: [Tensor([1, 2])], along: [Tensor([1, 1])]) { p in
///     try (p[0] * p[0] * p[0]).sum()
/// }
/// // g[0] == [3, 12], hv[0] == [6, 12]
/// ```
///
/// Throws `TensorError.shapeMismatch` when a direction's shape differs from its input's,
/// `TensorError.notTwiceDifferentiable` for an operation without a second-order rule
/// (`max(alongAxis:)`, `logSumExp(alongAxis:)`), and `TensorError.rank` unless the result holds
/// exactly one scalar.
public func tensorHessianVectorProduct(at inputs: [Tensor], along directions: [Tensor],
                                       of f: ([TrackedTensor]) throws -> TrackedTensor) throws
    -> (value: Double, gradient: [Tensor], hessianVectorProduct: [Tensor])
{
    guard directions.count == inputs.count else {
        throw TensorError.shapeMismatch(operation: "tensorHessianVectorProduct (one direction per input)",
                                        left: [inputs.count], right: [directions.count])
    }
    for (input, direction) in zip(inputs, directions) where input.shape != direction.shape {
        throw TensorError.shapeMismatch(operation: "tensorHessianVectorProduct (direction)", left: input.shape, right: direction.shape)
    }
    let (tape, variables, output, value) = try recordScalar(at: inputs, in: "tensorHessianVectorProduct", of: f)
    guard let outputID = output.id, output.tape === tape else {
        let zeros = try inputs.map { try Tensor.zeros($0.shape) }
        return (value, zeros, zeros)
    }
    let tangents = try forwardTangents(on: tape, upTo: outputID, directions: zip(variables, directions).map { ($0.id!, $1) })
    var adjoint = [DualCotangent?](repeating: nil, count: tape.nodes.count)
    adjoint[outputID] = DualCotangent(value: Tensor(unchecked: output.value.shape, [1]), tangent: nil)
    for id in stride(from: outputID, through: 0, by: -1) {
        guard var g = adjoint[id] else { continue }
        let node = tape.nodes[id]
        if node.operation == .input { continue }
        let uniform = g.uniformShape != nil && node.operation.acceptsUniformCotangent(node)
        if !uniform { g = try g.materialized() }
        let parents = node.parents
        let sameOperand = parents.count == 2 && parents[0] != nil && parents[0] == parents[1]
        let contributions = try node.operation.dualPullback(
            g.value, g.tangent, value: node.value, operands: node.operands,
            operandTangents: parents.map { $0.flatMap { tangents[$0] } }, wanted: parents.map { $0 != nil },
            sameOperand: sameOperand, uniform: uniform)
        for (parent, contribution) in zip(parents, contributions) {
            guard let parent, let contribution else { continue }
            adjoint[parent] = try adjoint[parent].map { try $0.adding(contribution) } ?? contribution
        }
    }
    var gradient: [Tensor] = [], product: [Tensor] = []
    for (variable, input) in zip(variables, inputs) {
        let result = try adjoint[variable.id!]?.materialized()
        gradient.append(try result?.value ?? Tensor.zeros(input.shape))
        product.append(try result?.tangent ?? Tensor.zeros(input.shape))
    }
    return (value, gradient, product)
}

/// The tangents (forward mode along the inputs' `directions`) of the nodes whose tangents the
/// second-order sweep reads: the operands of nonlinear operations, and whatever those are computed
/// from. Other nodes are left nil (a node's own tangent is recomputed inside its elementwise kernel
/// where needed), so no pass is spent on tangents nothing reads.
func forwardTangents(on tape: TensorTape, upTo last: Int, directions: [(id: Int, direction: Tensor)]) throws -> [Tensor?] {
    let nodes = tape.nodes
    var needed = [Bool](repeating: false, count: nodes.count)
    for id in stride(from: last, through: 0, by: -1) where needed[id] || nodes[id].operation.readsOperandTangents {
        for case let parent? in nodes[id].parents { needed[parent] = true }
    }
    var tangents = [Tensor?](repeating: nil, count: nodes.count)
    for (id, direction) in directions { tangents[id] = direction }
    for id in 0...last where needed[id] && nodes[id].operation != .input {
        let node = nodes[id]
        tangents[id] = try node.operation.tangent(value: node.value, operands: node.operands,
                                                  operandTangents: node.parents.map { $0.flatMap { tangents[$0] } })
    }
    return tangents
}
