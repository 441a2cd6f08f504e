import AutoDiffMacros
import SwiftSyntaxMacroExpansion
import SwiftSyntaxMacrosGenericTestSupport
import Testing

/// The macro's expansion and its errors, checked on source text (the gradients it computes are
/// tested against the tape in AutoDiffTests).
@Suite("@ReverseGradient and @ForwardGradient expansion")
struct DerivativeMacroExpansionTests {
    let macros = ["ReverseGradient": MacroSpec(type: ReverseGradientMacro.self),
                  "ForwardGradient": MacroSpec(type: ForwardGradientMacro.self)]

    func expand(_ source: String, _ expanded: String, diagnostics: [DiagnosticSpec] = [],
                sourceLocation: SourceLocation = #_sourceLocation) {
        assertMacroExpansion(source, expandedSource: expanded, diagnostics: diagnostics, macroSpecs: macros,
                             failureHandler: { Issue.record(Comment(rawValue: $0.message), sourceLocation: sourceLocation) })
    }

    /// `source` (a function with the attribute) must fail with `message` at `line`:`column`.
    func reject(_ source: String, _ message: String, line: Int, column: Int,
                sourceLocation: SourceLocation = #_sourceLocation) {
        let withoutAttribute = source.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("@ReverseGradient") && !$0.hasPrefix("@ForwardGradient") }.joined(separator: "\n")
        expand(source, withoutAttribute, diagnostics: [DiagnosticSpec(message: message, line: line, column: column)],
               sourceLocation: sourceLocation)
    }

    @Test("straight-line adjoint code: partials from the rule table, adjoints in reverse order")
    func expansion() {
        expand("""
            @ReverseGradient(wrt: "x")
            @inlinable
            public func f<T: Scalar>(_ x: T, _ c: T) -> T {
                let s = sin(c * x)
                return s * s + x
            }
            """, """
            @inlinable
            public func f<T: Scalar>(_ x: T, _ c: T) -> T {
                let s = sin(c * x)
                return s * s + x
            }

            /// `f` and its gradient with respect to `x`, in reverse mode:
            /// the adjoint code `@ReverseGradient` generated from the body, every local partial read from the rule table.
            @inlinable public func fGradient<T: Scalar>(_ x: T, _ c: T) -> (value: T, gradient: T) {
                let _v1: T = c * x
                let _d1 = localPartials(.multiply, at: c, x, value: _v1)
                let _v2: T = sin(_v1)
                let _d2 = localDerivative(.sin, at: _v1, value: _v2)
                let _v3: T = _v2 * _v2
                let _d3 = localPartials(.multiply, at: _v2, _v2, value: _v3)
                let _v4: T = _v3 + x
                let _d4 = localPartials(.add, at: _v3, x, value: _v4)
                let _a3: T = _d4.0
                var _a0: T = _d4.1
                let _a2: T = _a3 * (_d3.0 + _d3.1)
                let _a1: T = _a2 * _d2
                _a0 = _a0 + _a1 * _d1.1
                return (value: _v4, gradient: _a0)
            }
            """)
    }

    @Test("vars get a version per assignment; inactive code is kept, compound constants bound once")
    func versionsAndConstants() {
        expand("""
            @ReverseGradient(wrt: "x", "y")
            static func p<T: Scalar>(x: T, y: T, k: Int) -> T {
                var total: T = T(Double(k))
                total += 2
                total *= x - T(Double(k)) * 3
                return pow(total, 2) + y
            }
            """, """
            static func p<T: Scalar>(x: T, y: T, k: Int) -> T {
                var total: T = T(Double(k))
                total += 2
                total *= x - T(Double(k)) * 3
                return pow(total, 2) + y
            }

            /// `p` and its gradient with respect to `x`, `y`, in reverse mode:
            /// the adjoint code `@ReverseGradient` generated from the body, every local partial read from the rule table.
            static func pGradient<T: Scalar>(x: T, y: T, k: Int) -> (value: T, gradient: (x: T, y: T)) {
                let _total1: T = T(Double(k))
                let _total2: T = (_total1 + 2)
                let _c0: T = T(Double(k)) * 3
                let _v2: T = x - _c0
                let _d2 = localPartials(.subtract, at: x, _c0, value: _v2)
                let _v3: T = _total2 * _v2
                let _d3 = localPartials(.multiply, at: _total2, _v2, value: _v3)
                let _v4: T = pow(_v3, 2)
                let _d4 = localDerivative(.powInt(2), at: _v3, value: _v4)
                let _v5: T = _v4 + y
                let _d5 = localPartials(.add, at: _v4, y, value: _v5)
                let _a4: T = _d5.0
                let _a1: T = _d5.1
                let _a3: T = _a4 * _d4
                let _a2: T = _a3 * _d3.1
                let _a0: T = _a2 * _d2.0
                return (value: _v5, gradient: (x: _a0, y: _a1))
            }
            """)
    }

    @Test("a call that is not a primitive is an error at the call")
    func unknownFunction() {
        reject("""
            @ReverseGradient(wrt: "x")
            func f<T: Scalar>(_ x: T) -> T { g(x) + 1 }
            """, "cannot differentiate `g(x)`: `g` is not a primitive of the rule table (+, -, *, /, prefix -, abs, cos, exp, expm1, log, log1p, relu, sigmoid, sin, softplus, sqrt, tan, tanh, pow, max and min); write it from those",
            line: 2, column: 34)
    }

    @Test("an operation outside the table on a differentiated value is an error naming it")
    func unsupportedOperation() {
        reject("""
            @ReverseGradient(wrt: "x")
            func f<T: Scalar>(_ x: T) -> T {
                let y = x.magnitude
                return y
            }
            """, "cannot differentiate `x.magnitude`: it depends on `x`, so it must be built from the rule table's primitives (+, -, *, /, prefix -, abs, cos, exp, expm1, log, log1p, relu, sigmoid, sin, softplus, sqrt, tan, tanh, pow, max and min)",
            line: 3, column: 13)
    }

    @Test("an if forks the adjoint code: each arm holds its path's partials and adjoints")
    func branches() {
        expand("""
            @ReverseGradient
            func f<T: Scalar>(_ x: T) -> T {
                let s = x * x
                if s > 1 { return s }
                return -x
            }
            """, """
            func f<T: Scalar>(_ x: T) -> T {
                let s = x * x
                if s > 1 { return s }
                return -x
            }

            /// `f` and its gradient with respect to `x`, in reverse mode:
            /// the adjoint code `@ReverseGradient` generated from the body, every local partial read from the rule table.
            func fGradient<T: Scalar>(_ x: T) -> (value: T, gradient: T) {
                let _v1: T = x * x
                let _d1 = localPartials(.multiply, at: x, x, value: _v1)
                if _v1 > 1 {
                    let _a0: T = (_d1.0 + _d1.1)
                    return (value: _v1, gradient: _a0)
                } else {
                    let _v2: T = -x
                    let _d2 = localDerivative(.negate, at: x, value: _v2)
                    let _a0: T = _d2
                    return (value: _v2, gradient: _a0)
                }
            }
            """)
    }

    @Test("a tuple result gets a Jacobian (one reverse pass per result) and a pullback (one pass from the cotangents)")
    func jacobianExpansion() {
        expand("""
            @ReverseGradient(wrt: "x", "y")
            func productAndSum<T: Scalar>(_ x: T, _ y: T) -> (T, T) {
                (x * y, x + y)
            }
            """, """
            func productAndSum<T: Scalar>(_ x: T, _ y: T) -> (T, T) {
                (x * y, x + y)
            }

            /// `productAndSum` and its Jacobian with respect to `x`, `y` (one gradient per result), in reverse mode:
            /// the adjoint code `@ReverseGradient` generated from the body, every local partial read from the rule table.
            func productAndSumJacobian<T: Scalar>(_ x: T, _ y: T) -> (value: (T, T), jacobian: ((x: T, y: T), (x: T, y: T))) {
                let _v2: T = x * y
                let _d2 = localPartials(.multiply, at: x, y, value: _v2)
                let _v3: T = x + y
                let _d3 = localPartials(.add, at: x, y, value: _v3)
                let _a0_0: T = _d2.0
                let _a0_1: T = _d2.1
                let _a1_0: T = _d3.0
                let _a1_1: T = _d3.1
                return (value: (_v2, _v3), jacobian: ((x: _a0_0, y: _a0_1), (x: _a1_0, y: _a1_1)))
            }

            /// `productAndSum` and its vector–Jacobian product with respect to `x`, `y` (the gradient of the results dotted with `cotangent`), in reverse mode, one sweep:
            /// the adjoint code `@ReverseGradient` generated from the body, every local partial read from the rule table.
            func productAndSumPullback<T: Scalar>(_ x: T, _ y: T, cotangent _cotangent: (T, T)) -> (value: (T, T), gradient: (x: T, y: T)) {
                let _v2: T = x * y
                let _d2 = localPartials(.multiply, at: x, y, value: _v2)
                let _v3: T = x + y
                let _d3 = localPartials(.add, at: x, y, value: _v3)
                var _a0: T = _cotangent.1 * _d3.0
                var _a1: T = _cotangent.1 * _d3.1
                _a0 = _a0 + _cotangent.0 * _d2.0
                _a1 = _a1 + _cotangent.0 * _d2.1
                return (value: (_v2, _v3), gradient: (x: _a0, y: _a1))
            }
            """)
    }

    @Test("the pullback seeds each result's adjoint first, as a tape does: a result feeding another, one used twice, a parameter, a constant")
    func pullbackSeeds() {
        expand("""
            @ReverseGradient(wrt: "x")
            static func chain<T: Scalar>(x: T, c: T) -> (T, T, T, T, T) {
                let s = sin(x)
                return (s, s * c, s, x, c)
            }
            """, """
            static func chain<T: Scalar>(x: T, c: T) -> (T, T, T, T, T) {
                let s = sin(x)
                return (s, s * c, s, x, c)
            }

            /// `chain` and its Jacobian with respect to `x` (one gradient per result), in reverse mode:
            /// the adjoint code `@ReverseGradient` generated from the body, every local partial read from the rule table.
            static func chainJacobian<T: Scalar>(x: T, c: T) -> (value: (T, T, T, T, T), jacobian: (T, T, T, T, T)) {
                let _v1: T = sin(x)
                let _d1 = localDerivative(.sin, at: x, value: _v1)
                let _v2: T = _v1 * c
                let _d2 = localPartials(.multiply, at: _v1, c, value: _v2)
                let _a0_0: T = _d1
                let _a1_1: T = _d2.0
                let _a1_0: T = _a1_1 * _d1
                let _a2_0: T = _d1
                return (value: (_v1, _v2, _v1, x, c), jacobian: (_a0_0, _a1_0, _a2_0, 1, 0))
            }

            /// `chain` and its vector–Jacobian product with respect to `x` (the gradient of the results dotted with `cotangent`), in reverse mode, one sweep:
            /// the adjoint code `@ReverseGradient` generated from the body, every local partial read from the rule table.
            static func chainPullback<T: Scalar>(x: T, c: T, cotangent _cotangent: (T, T, T, T, T)) -> (value: (T, T, T, T, T), gradient: T) {
                let _v1: T = sin(x)
                let _d1 = localDerivative(.sin, at: x, value: _v1)
                let _v2: T = _v1 * c
                let _d2 = localPartials(.multiply, at: _v1, c, value: _v2)
                var _a1: T = _cotangent.0
                _a1 = _a1 + _cotangent.2
                var _a0: T = _cotangent.3
                _a1 = _a1 + _cotangent.1 * _d2.0
                _a0 = _a0 + _a1 * _d1
                return (value: (_v1, _v2, _v1, x, c), gradient: _a0)
            }
            """)
    }

    @Test("loops, `if let` and paths without a return are errors at the statement")
    func controlFlow() {
        reject("""
            @ReverseGradient(wrt: "x")
            func f<T: Scalar>(_ x: T) -> T {
                var y = x
                for _ in 0..<3 { y = y * x }
                return y
            }
            """, "only declarations, assignments, `if`/`else` and `return` are supported in a differentiated body (no loops)",
            line: 4, column: 5)
        reject("""
            @ReverseGradient(wrt: "x")
            func f<T: Scalar>(_ x: T, _ o: T?) -> T {
                if let o { return o * x }
                return x
            }
            """, "use one Boolean expression as the condition (no `if let` or lists)", line: 3, column: 8)
        reject("""
            @ReverseGradient(wrt: "x")
            func f<T: Scalar>(_ x: T) -> T {
                var y = x
                if x > 0 { y = x * x }
            }
            """, "every path through a differentiated body must end with `return` and the result", line: 4, column: 16)
    }

    @Test("wrong wrt names, types and signatures are errors at the attribute or declaration")
    func signatures() {
        reject("""
            @ReverseGradient(wrt: "z")
            func f<T: Scalar>(_ x: T) -> T { x }
            """, "`z` is not a parameter of `f`", line: 1, column: 18)
        reject("""
            @ReverseGradient(wrt: "n")
            func f<T: Scalar>(_ x: T, n: Int) -> T { x }
            """, "`n` must have the result's type `T` to be differentiated (it is `Int`)", line: 2, column: 27)
        reject("""
            @ReverseGradient(wrt: "x", "x")
            func f<T: Scalar>(_ x: T) -> T { x }
            """, "`x` is named twice", line: 1, column: 28)
        reject("""
            @ReverseGradient
            func f<T: Scalar>(_ x: T) throws -> T { x }
            """, "@ReverseGradient functions cannot throw or be async", line: 2, column: 27)
        reject("""
            @ReverseGradient
            func f(_ n: Int) -> Double { 1 }
            """, "no parameter has the result's type `Double`: nothing to differentiate", line: 2, column: 7)
    }

    @Test("assigning a parameter, or a differentiated tuple pattern, is an error")
    func assignments() {
        reject("""
            @ReverseGradient(wrt: "x")
            func f<T: Scalar>(_ x: T, _ c: T) -> T {
                c = x
                return x
            }
            """, "only a `var` declared in this body can be assigned", line: 3, column: 5)
        reject("""
            @ReverseGradient(wrt: "x")
            func f<T: Scalar>(_ x: T) -> T {
                let (a, b) = (x, x)
                return a * b
            }
            """, "declare differentiated values and `var`s one simple name at a time (no tuple patterns)", line: 3, column: 9)
    }

    @Test("a name declared twice (shadowing, or again after an arm) or beginning with _ is an error")
    func names() {
        reject("""
            @ReverseGradient(wrt: "x")
            func f<T: Scalar>(_ x: T) -> T {
                let a = x * 2
                if x > 0 {
                    let a = x * 3
                    return a
                }
                return a
            }
            """, "`a` is already declared in this function; a differentiated body declares each name once", line: 5, column: 13)
        reject("""
            @ReverseGradient(wrt: "x")
            func f<T: Scalar>(_ x: T) -> T {
                let x = x * 2
                return x
            }
            """, "`x` is already declared in this function; a differentiated body declares each name once", line: 3, column: 9)
        reject("""
            @ReverseGradient(wrt: "x")
            func f<T: Scalar>(_ x: T) -> T {
                let _v1 = x * 2
                return _v1
            }
            """, "names beginning with `_` are reserved for the generated code; rename `_v1`", line: 3, column: 9)
    }

    @Test("forward mode: tangents in order, structural zeros and ones left out, inactive code bound once")
    func forwardExpansion() {
        expand("""
            @ForwardGradient(wrt: "x", "y")
            func f<T: Scalar>(_ x: T, _ y: T, _ c: T) -> T { x * y + c * c }
            """, """
            func f<T: Scalar>(_ x: T, _ y: T, _ c: T) -> T { x * y + c * c }

            /// `f` and its gradient with respect to `x`, `y`, in forward mode:
            /// the tangent code `@ForwardGradient` generated from the body, every local partial read from the rule table.
            func fForwardGradient<T: Scalar>(_ x: T, _ y: T, _ c: T) -> (value: T, gradient: (x: T, y: T)) {
                let _v2: T = x * y
                let _d2 = localPartials(.multiply, at: x, y, value: _v2)
                let _c0: T = c * c
                let _v3: T = _v2 + _c0
                let _d3 = localPartials(.add, at: _v2, _c0, value: _v3)
                let _t2_0: T = _d2.0
                let _t2_1: T = _d2.1
                let _t3_0: T = _d3.0 * _t2_0
                let _t3_1: T = _d3.0 * _t2_1
                return (value: _v3, gradient: (x: _t3_0, y: _t3_1))
            }
            """)
    }

    @Test("both macros on one function: two peers, neither carrying a derivative macro")
    func bothMacros() {
        expand("""
            @ReverseGradient
            @ForwardGradient
            @inlinable
            func g<T: Scalar>(_ x: T) -> T { -x }
            """, """
            @inlinable
            func g<T: Scalar>(_ x: T) -> T { -x }

            /// `g` and its gradient with respect to `x`, in reverse mode:
            /// the adjoint code `@ReverseGradient` generated from the body, every local partial read from the rule table.
            @inlinable func gGradient<T: Scalar>(_ x: T) -> (value: T, gradient: T) {
                let _v1: T = -x
                let _d1 = localDerivative(.negate, at: x, value: _v1)
                let _a0: T = _d1
                return (value: _v1, gradient: _a0)
            }

            /// `g` and its gradient with respect to `x`, in forward mode:
            /// the tangent code `@ForwardGradient` generated from the body, every local partial read from the rule table.
            @inlinable func gForwardGradient<T: Scalar>(_ x: T) -> (value: T, gradient: T) {
                let _v1: T = -x
                let _d1 = localDerivative(.negate, at: x, value: _v1)
                let _t1_0: T = _d1
                return (value: _v1, gradient: _t1_0)
            }
            """)
    }
}
