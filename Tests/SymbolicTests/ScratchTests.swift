import Symbolic
import Testing
@Test func scratch() throws {
    let f = simplify(try Expr(parsing: "exp(-x^4/0)/sqrt(o*qi)"))
    for v in f.variables {
        let d = derivative(of: f, withRespectTo: v)
        let r = try Expr(parsing: d.description)
        if r != d {
            for node in d.topologicalOrder() {
                let rr = try Expr(parsing: node.description)
                if rr != node { print("NODE", node.description, "KIND", node.kind, "\nREPARSED KIND", rr.kind); break }
            }
        }
    }
}
