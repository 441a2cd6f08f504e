import Rules

extension Expr {
    /// The value at a point given by name, computed in any `Scalar` (`Double`, `Dual`, `Reverse`,
    /// nested, or the subgradient types). For many points compile once with `Program` instead.
    ///
    /// ```swift
    /// try Expr(parsing: "x^2 + y").value(at: ["x": 3.0, "y": 1.0])   // 10
    /// ```
    ///
    /// - Throws: `SymbolicError.missingVariable` when the point lacks a variable the expression uses.
    public func value<T: Scalar>(at point: [String: T]) throws(SymbolicError) -> T {
        let names = variables
        var inputs: [T] = []
        for name in names {
            guard let v = point[name] else { throw .missingVariable(name) }
            inputs.append(v)
        }
        return try Program(compiling: self, variables: names).value(at: inputs)
    }
}
