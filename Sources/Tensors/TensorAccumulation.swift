extension TensorOperation {
    /// Pulls the cotangent `g` back through this operation and adds each tracked operand's share
    /// into `adjoint[parent]`: the reverse sweep's step for one node.
    ///
    /// Linear combinations, and smooth elementwise primitives on operands of the result's shape
    /// (also with the second operand shifted), add straight into a cotangent that is already there (no temporary, one pass fewer); the
    /// others compute their contributions with `pullback` and add those.
    /// `g` and `operands` are the sweep's to consume (see `pullback`).
    func accumulatePullback(_ g: inout Tensor, value y: Tensor, operands: inout [Tensor], parents: [Int?],
                            into adjoint: inout [Tensor?]) throws {
        switch self {
        case .linearCombination(let coefficients):
            for (j, parent) in parents.enumerated() {
                guard let parent else { continue }
                if var existing = adjoint[parent].take() {
                    existing.add(g, scaledBy: coefficients[j])
                    adjoint[parent] = existing
                } else {
                    adjoint[parent] = g.scaled(by: coefficients[j])
                }
            }
            return
        case .binary(let op) where op.kink == nil:
            let (a, b) = (operands[0], operands[1])
            if let aLayout = OperandLayout(a, within: y.shape), let bLayout = OperandLayout(b, within: y.shape) {
                for (i, parent) in parents.enumerated() {
                    guard let parent else { continue }
                    let first = i == 0
                    // A single-scalar operand's share is a sum: computed whole, then reduced.
                    if (first ? aLayout : bLayout) == .full, var existing = adjoint[parent].take() {
                        Tensor.addPartial(op, first: first, a, aLayout, b, bLayout, value: y, cotangent: g, into: &existing)
                        adjoint[parent] = existing
                    } else {
                        let share = Tensor.partial(op, first: first, a, aLayout, b, bLayout, value: y, cotangent: g)
                        try Self.accumulate(Broadcasting.reduce(share, to: first ? a.shape : b.shape), into: &adjoint[parent])
                    }
                }
                return
            }
        case .stencil(let kernel):
            // Each read's share is added straight into its operand's cotangent.
            try Tensor.accumulateStencilPullback(kernel.base, cotangent: g, operands: operands,
                                                 into: { parents.indices.contains($0) ? parents[$0] : nil }, adjoint: &adjoint)
            return
        case .scan(let kernel):
            // Likewise, in one backward pass.
            Tensor.accumulateScanPullback(kernel.base, cotangent: g, operands: operands,
                                          into: { parents.indices.contains($0) ? parents[$0] : nil }, adjoint: &adjoint)
            return
        case .iteratedScan(let kernel, let times):
            // Every step's pullback in one go, the shares summed in place.
            Tensor.accumulateIteratedScanPullback(kernel.base, times: times, cotangent: &g, operands: operands,
                                                  into: { parents.indices.contains($0) ? parents[$0] : nil }, adjoint: &adjoint)
            return
        default:
            break
        }
        let contributions = try pullback(&g, value: y, operands: &operands, wanted: WantedOperands(parents: parents))
        for (parent, contribution) in zip(parents, contributions) {
            guard let parent, let contribution else { continue }
            try Self.accumulate(contribution, into: &adjoint[parent])
        }
    }

    /// Adds a contribution to a cotangent slot: in place when the shapes agree (`Tensor.addShare`),
    /// else broadcast.
    static func accumulate(_ contribution: Tensor, into slot: inout Tensor?) throws {
        if let existing = slot, existing.shape != contribution.shape {
            slot = try existing + contribution
            return
        }
        Tensor.addShare(contribution, into: &slot)
    }
}

extension Tensor {
    /// Adds a share of the slot's shape into a cotangent slot (in place: taken out of the slot, the
    /// sum is unique).
    static func addShare(_ share: Tensor, into slot: inout Tensor?) {
        guard var existing = slot.take() else {
            slot = share
            return
        }
        existing.add(share)
        slot = existing
    }
}
