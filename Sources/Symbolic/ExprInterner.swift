import Foundation
import Rules

/// The structural identity of a node: its kind with operands named by their interned ids.
enum NodeKey: Hashable {
    case number(UInt64)
    case constant(String)
    case variable(String)
    case sum([Int])
    case product([Int])
    case unary(Unary, Int)
    case binary(Binary, Int, Int)
    case kink(Int, Int, Int, Double)

    init(_ kind: ExprKind) {
        switch kind {
        case .number(let c): self = .number(c.bitPattern)
        case .constant(let name, _): self = .constant(name)
        case .variable(let name): self = .variable(name)
        case .sum(let terms): self = .sum(terms.map(\.id))
        case .product(let factors): self = .product(factors.map(\.id))
        case .unary(let op, let x): self = .unary(op, x.id)
        case .binary(let op, let a, let b): self = .binary(op, a.id, b.id)
        case .kink(let s, let below, let above, let rule): self = .kink(s.id, below.id, above.id, rule.minimumNormWeight)
        }
    }
}

/// The process-wide table of interned nodes (hash-consing): structurally equal expressions are one node.
///
/// Nodes are kept for the life of the process, like SymPy's cache; this also means no node is ever
/// released, so deep chains never trigger a recursive deallocation.
final class ExprInterner: @unchecked Sendable {
    static let shared = ExprInterner()
    private let lock = NSLock()
    private var table: [NodeKey: ExprNode] = [:]
    /// Ids are never reused, even after `removeAll`: keys name operands by id.
    private var nextID = 1

    /// The node for `kind`, created on first use.
    func intern(_ kind: ExprKind) -> Expr {
        let key = NodeKey(kind)
        lock.lock()
        defer { lock.unlock() }
        if let node = table[key] { return Expr(node: node) }
        let node = ExprNode(id: nextID, kind: kind)
        nextID += 1
        table[key] = node
        return Expr(node: node)
    }

    /// Forgets every node (for the fuzz harness, between inputs, when no `Expr` is alive any more;
    /// an `Expr` kept across a reset would no longer compare equal to its structural twins).
    func removeAll() {
        lock.lock()
        table.removeAll(keepingCapacity: true)
        lock.unlock()
    }

    /// How many nodes exist.
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return table.count
    }
}

extension Expr {
    /// Interns a node exactly as given (no canonicalization); callers guarantee it is canonical.
    static func intern(_ kind: ExprKind) -> Expr { ExprInterner.shared.intern(kind) }

    /// How many distinct expression nodes this process has created.
    public static var internedNodeCount: Int { ExprInterner.shared.count }
}
