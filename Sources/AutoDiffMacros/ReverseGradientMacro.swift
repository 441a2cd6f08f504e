import SwiftDiagnostics
import SwiftOperators
import SwiftSyntax
import SwiftSyntaxMacros

/// `@ReverseGradient(wrt: …)`: generates `<name>Gradient`, the function's value and its reverse-mode
/// gradient with respect to the named parameters, as straight-line adjoint code compiled with the
/// function (see the macro's declaration in AutoDiff for the contract).
public struct ReverseGradientMacro: PeerMacro {
    public static func expansion(of node: AttributeSyntax, providingPeersOf declaration: some DeclSyntaxProtocol,
                                 in context: some MacroExpansionContext) throws -> [DeclSyntax] {
        guard let function = declaration.as(FunctionDeclSyntax.self) else {
            throw MacroDiagnostic.at(declaration, "@ReverseGradient applies to a function")
        }
        guard let body = function.body else {
            throw MacroDiagnostic.at(function, "@ReverseGradient needs the function's body")
        }
        if let effects = function.signature.effectSpecifiers, effects.throwsClause != nil || effects.asyncSpecifier != nil {
            throw MacroDiagnostic.at(effects, "@ReverseGradient functions cannot throw or be async")
        }
        guard let returnType = function.signature.returnClause?.type else {
            throw MacroDiagnostic.at(function.signature, "@ReverseGradient needs a scalar result type (`-> T`, or a tuple `-> (T, T)`)")
        }
        let (resultType, resultCount) = try resultShape(of: returnType)
        let wrt = try differentiatedParameters(of: function, named: node, resultType: resultType)

        let folded = try OperatorTable.standardOperators.foldAll(body.statements)
        guard let statements = folded.as(CodeBlockItemListSyntax.self) else {
            throw MacroDiagnostic.at(body, "@ReverseGradient could not read this body")
        }
        let program: StraightLineProgram
        do {
            let parameters = function.signature.parameterClause.parameters.map { ($0.secondName ?? $0.firstName).text }
            program = try StraightLineProgram(body: statements, parameters: parameters, wrt: wrt, scalarType: resultType,
                                              resultCount: resultCount)
        } catch let error as DiagnosticsError {
            throw error.located(in: body.statements)
        }
        let lines = AdjointEmitter(program: program, scalarType: resultType, wrt: wrt).statements()

        let name = function.name.text
        let attributes = function.attributes.filter { element in
            guard case .attribute(let attribute) = element else { return true }
            return attribute.attributeName.trimmedDescription != node.attributeName.trimmedDescription
        }
        let gradientType = wrt.count == 1 ? resultType : "(\(wrt.map { "\($0): \(resultType)" }.joined(separator: ", ")))"
        let isJacobian = resultCount > 1
        let peerName = name + (isJacobian ? "Jacobian" : "Gradient")
        let peerResult = isJacobian
            ? "(value: \(returnType.trimmedDescription), jacobian: (\(Array(repeating: gradientType, count: resultCount).joined(separator: ", "))))"
            : "(value: \(resultType), gradient: \(gradientType))"
        let signature = [
            attributes.trimmedDescription, function.modifiers.trimmedDescription,
            "func \(peerName)\(function.genericParameterClause?.trimmedDescription ?? "")"
                + function.signature.parameterClause.trimmedDescription,
            "-> \(peerResult)",
            function.genericWhereClause?.trimmedDescription ?? "",
        ].filter { !$0.isEmpty }.joined(separator: " ")
        let derivative = isJacobian ? "Jacobian" : "gradient"
        let wrtList = wrt.map { "`\($0)`" }.joined(separator: ", ")
        let source = """
            /// `\(name)` and its \(derivative) with respect to \(wrtList)\(isJacobian ? " (one gradient per result)" : ""), in reverse mode:
            /// the adjoint code `@ReverseGradient` generated from the body, every local partial read from the rule table.
            \(signature) {
            \(lines.map { "    " + $0 }.joined(separator: "\n"))
            }
            """
        return [DeclSyntax(stringLiteral: source)]
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
                                                 resultType: String) throws -> [String] {
        let parameters = function.signature.parameterClause.parameters.map { parameter in
            (name: (parameter.secondName ?? parameter.firstName).text, parameter: parameter)
        }
        var names: [(String, Syntax)] = []
        if case .argumentList(let arguments) = attribute.arguments {
            for argument in arguments {
                guard let literal = argument.expression.as(StringLiteralExprSyntax.self),
                      literal.segments.count == 1, case .stringSegment(let segment) = literal.segments.first else {
                    throw MacroDiagnostic.at(argument, "name the differentiated parameters as string literals: @ReverseGradient(wrt: \"x\", \"y\")")
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
