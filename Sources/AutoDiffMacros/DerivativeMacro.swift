import SwiftDiagnostics
import SwiftOperators
import SwiftSyntax
import SwiftSyntaxMacros

/// `@ReverseGradient(wrt: …)`: generates `<name>Gradient` (or, for a tuple result,
/// `<name>Jacobian` and `<name>Pullback`), the function's value and its derivative with respect to
/// the named parameters by reverse mode, as straight-line adjoint code compiled with the function
/// (the contract is on the macro's declaration in AutoDiff).
public struct ReverseGradientMacro: PeerMacro {
    public static func expansion(of node: AttributeSyntax, providingPeersOf declaration: some DeclSyntaxProtocol,
                                 in context: some MacroExpansionContext) throws -> [DeclSyntax] {
        let function = try DerivativeMacro(of: declaration, attribute: node)
        return [function.peer(.reverse)] + (function.resultCount > 1 ? [function.peer(.pullback)] : [])
    }
}

/// `@ForwardGradient(wrt: …)`: the same by forward mode, `<name>ForwardGradient` (or
/// `<name>ForwardJacobian`): tangent code carrying one tangent per parameter.
public struct ForwardGradientMacro: PeerMacro {
    public static func expansion(of node: AttributeSyntax, providingPeersOf declaration: some DeclSyntaxProtocol,
                                 in context: some MacroExpansionContext) throws -> [DeclSyntax] {
        [try DerivativeMacro(of: declaration, attribute: node).peer(.forward)]
    }
}

/// What the two macros share: the function read as a program, and its derivatives written as peers.
struct DerivativeMacro {
    /// The attribute names of the derivative macros.
    static let derivativeMacroNames: Set<String> = ["ReverseGradient", "ForwardGradient"]

    /// The macro as written, `@ReverseGradient` or `@ForwardGradient`.
    let macro: String
    let function: FunctionDeclSyntax
    let program: StraightLineProgram
    /// The result's scalar type.
    let resultType: String
    /// 1, or the length of the result tuple.
    let resultCount: Int
    /// The differentiated parameters, in `wrt` order.
    let wrt: [String]

    /// Reads `declaration`, which `node` is attached to.
    init(of declaration: some DeclSyntaxProtocol, attribute node: AttributeSyntax) throws {
        let macro = "@" + node.attributeName.trimmedDescription
        guard let function = declaration.as(FunctionDeclSyntax.self) else {
            throw MacroDiagnostic.at(declaration, "\(macro) applies to a function")
        }
        guard let body = function.body else {
            throw MacroDiagnostic.at(function, "\(macro) needs the function's body")
        }
        if let effects = function.signature.effectSpecifiers, effects.throwsClause != nil || effects.asyncSpecifier != nil {
            throw MacroDiagnostic.at(effects, "\(macro) functions cannot throw or be async")
        }
        guard let returnType = function.signature.returnClause?.type else {
            throw MacroDiagnostic.at(function.signature, "\(macro) needs a scalar result type (`-> T`, or a tuple `-> (T, T)`)")
        }
        let (resultType, resultCount) = try Self.resultShape(of: returnType)
        let wrt = try Self.differentiatedParameters(of: function, named: node, macro: macro, resultType: resultType)

        let folded = try OperatorTable.standardOperators.foldAll(body.statements)
        guard let statements = folded.as(CodeBlockItemListSyntax.self) else {
            throw MacroDiagnostic.at(body, "\(macro) could not read this body")
        }
        do {
            let parameters = function.signature.parameterClause.parameters.map { ($0.secondName ?? $0.firstName).text }
            program = try StraightLineProgram(body: statements, parameters: parameters, wrt: wrt, scalarType: resultType,
                                              resultCount: resultCount)
        } catch let error as DiagnosticsError {
            throw error.located(from: statements, in: body.statements)
        }
        (self.macro, self.function, self.resultType, self.resultCount, self.wrt) = (macro, function, resultType, resultCount, wrt)
    }

    /// The generated function computing the derivative in `mode`.
    func peer(_ mode: DerivativeEmitter.Mode) -> DeclSyntax {
        let lines = DerivativeEmitter(program: program, scalarType: resultType, wrt: wrt, mode: mode).statements()
        let name = function.name.text
        // The function's attributes carry over, except the derivative macros (a peer of a peer
        // would differentiate the generated code).
        let attributes = function.attributes.filter { element in
            guard case .attribute(let attribute) = element else { return true }
            return !Self.derivativeMacroNames.contains(attribute.attributeName.trimmedDescription)
        }
        let gradientType = wrt.count == 1 ? resultType : "(\(wrt.map { "\($0): \(resultType)" }.joined(separator: ", ")))"
        let resultTuple = "(\(Array(repeating: resultType, count: resultCount).joined(separator: ", ")))"
        let wrtList = wrt.map { "`\($0)`" }.joined(separator: ", ")
        var parameters = function.signature.parameterClause.parameters.map { $0.with(\.trailingComma, nil).trimmedDescription }
        let (peerName, peerResult, summary): (String, String, String)
        switch (mode, resultCount > 1) {
        case (.pullback, _):
            parameters.append("cotangent \(DerivativeEmitter.cotangentName): \(resultTuple)")
            (peerName, peerResult) = (name + "Pullback", "(value: \(resultTuple), gradient: \(gradientType))")
            summary = "`\(name)` and its vector–Jacobian product with respect to \(wrtList) (the gradient of the results dotted with `cotangent`), in reverse mode, one sweep"
        case (_, true):
            (peerName, peerResult) = (name + (mode == .forward ? "ForwardJacobian" : "Jacobian"),
                                      "(value: \(resultTuple), jacobian: (\(Array(repeating: gradientType, count: resultCount).joined(separator: ", "))))")
            summary = "`\(name)` and its Jacobian with respect to \(wrtList) (one gradient per result), in \(mode == .forward ? "forward" : "reverse") mode"
        case (_, false):
            (peerName, peerResult) = (name + (mode == .forward ? "ForwardGradient" : "Gradient"), "(value: \(resultType), gradient: \(gradientType))")
            summary = "`\(name)` and its gradient with respect to \(wrtList), in \(mode == .forward ? "forward" : "reverse") mode"
        }
        let signature = [
            attributes.trimmedDescription, function.modifiers.trimmedDescription,
            "func \(peerName)\(function.genericParameterClause?.trimmedDescription ?? "")(\(parameters.joined(separator: ", ")))",
            "-> \(peerResult)",
            function.genericWhereClause?.trimmedDescription ?? "",
        ].filter { !$0.isEmpty }.joined(separator: " ")
        let code = mode == .forward ? "tangent" : "adjoint"
        let source = """
            /// \(summary):
            /// the \(code) code `\(macro)` generated from the body, every local partial read from the rule table.
            \(signature) {
            \(lines.map { "    " + $0 }.joined(separator: "\n"))
            }
            """
        return DeclSyntax(stringLiteral: source)
    }

    /// The result's scalar type, and how many results there are: several for a tuple `(T, T, …)`,
    /// whose gradients are the Jacobian's rows.
    private static func resultShape(of type: TypeSyntax) throws -> (scalar: String, count: Int) {
        guard let tuple = type.as(TupleTypeSyntax.self), tuple.elements.count > 1 else { return (type.trimmedDescription, 1) }
        let elements = tuple.elements.map(\.type.trimmedDescription)
        guard tuple.elements.allSatisfy({ $0.firstName == nil }), Set(elements).count == 1 else {
            throw MacroDiagnostic.at(type, "a tuple result must repeat one scalar type, without labels: `(T, T)`")
        }
        return (elements[0], elements.count)
    }

    /// The `wrt:` names, checked against the parameters; every parameter of the result's type when
    /// the attribute names none.
    private static func differentiatedParameters(of function: FunctionDeclSyntax, named attribute: AttributeSyntax,
                                                 macro: String, resultType: String) throws -> [String] {
        let parameters = function.signature.parameterClause.parameters.map { parameter in
            (name: (parameter.secondName ?? parameter.firstName).text, parameter: parameter)
        }
        var names: [(String, Syntax)] = []
        if case .argumentList(let arguments) = attribute.arguments {
            for argument in arguments {
                guard let literal = argument.expression.as(StringLiteralExprSyntax.self),
                      literal.segments.count == 1, case .stringSegment(let segment) = literal.segments.first else {
                    throw MacroDiagnostic.at(argument, "name the differentiated parameters as string literals: \(macro)(wrt: \"x\", \"y\")")
                }
                names.append((segment.content.text, Syntax(argument)))
            }
        }
        if names.isEmpty {
            names = parameters.filter { $0.parameter.type.trimmedDescription == resultType }.map { ($0.name, Syntax($0.parameter)) }
            guard !names.isEmpty else {
                throw MacroDiagnostic.at(function.signature, "no parameter has the result's type `\(resultType)`: nothing to differentiate")
            }
        }
        var seen: Set<String> = []
        for (name, syntax) in names {
            guard let match = parameters.first(where: { $0.name == name }) else {
                throw MacroDiagnostic.at(syntax, "`\(name)` is not a parameter of `\(function.name.text)`")
            }
            guard seen.insert(name).inserted else { throw MacroDiagnostic.at(syntax, "`\(name)` is named twice") }
            guard match.parameter.type.trimmedDescription == resultType else {
                throw MacroDiagnostic.at(match.parameter, "`\(name)` must have the result's type `\(resultType)` to be differentiated (it is `\(match.parameter.type.trimmedDescription)`)")
            }
        }
        return names.map(\.0)
    }
}
