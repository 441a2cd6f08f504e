import SwiftSyntax

/// A value of the program being differentiated: an active node (it depends on a differentiated
/// parameter), or an inactive expression kept as source (a literal, a name, or a bound constant).
enum ProgramValue {
    case active(Int)
    case inactive(String)
}

/// One active value: a differentiated parameter, or a rule-table primitive applied to values.
struct ActiveNode {
    /// The name the generated code gives the value (the parameter's own name for inputs).
    let name: String
    /// The operands (none for inputs; one for unary and two for binary primitives).
    let operands: [ProgramValue]
    /// How to compute the value, as the function wrote it, with operands replaced by their names.
    let valueSource: String
    /// The rule-table call that gives the local derivative (unary) or partials (binary).
    let partialSource: String

    var isInput: Bool { operands.isEmpty }
}

/// What the forward part of the generated code does, in source order.
enum ForwardItem {
    /// A statement that does not depend on the differentiated parameters, copied.
    case statement(String)
    /// An active node: its value and its local partials.
    case node(Int)
}

/// Where a program forks: an `if` on values, each arm (with the code after the `if`) a program of
/// its own that continues this one's nodes and forward items from `fork` on.
final class Branch {
    /// The condition's source, reads of differentiated values replaced by their names.
    let condition: String
    /// The index of `forward` where the arms' own items start.
    let fork: Int
    let then: StraightLineProgram
    let otherwise: StraightLineProgram

    init(condition: String, fork: Int, then: StraightLineProgram, otherwise: StraightLineProgram) {
        (self.condition, self.fork, self.then, self.otherwise) = (condition, fork, then, otherwise)
    }
}

/// A function body read as straight-line programs over the rule table's primitives, one per path
/// through its `if`s: every value that depends on a differentiated parameter is a node; everything
/// else is kept as source.
///
/// Supported: `let` and `var` declarations with initial values, assignments (`=`, `+=`, `-=`, `*=`,
/// `/=`) to those `var`s, `if`/`else` (a condition on values: each path is differentiated on its
/// own, as a tape records the path taken) and `return` of the result (or a tuple of results).
/// Active values may be built only from primitives; inactive code may be any Swift.
struct StraightLineProgram {
    private(set) var nodes: [ActiveNode] = []
    private(set) var forward: [ForwardItem] = []
    /// The results, when this path ends here (one per element of a tuple result).
    private(set) var outputs: [ProgramValue] = []
    /// The fork, when this path splits.
    private(set) var branch: Branch?
    /// The differentiated parameters' node indices, in `wrt` order.
    private(set) var inputs: [Int] = []

    private let scalarType: String
    /// What each name of the body and each differentiated parameter currently stands for.
    private var bindings: [String: ProgramValue] = [:]
    /// The `var`s of the body, with their declared type annotation (if any) and version count.
    private var variables: [String: (type: String?, versions: Int)] = [:]
    private var constantCount = 0
    /// The parameters and every name declared so far on this path: each may be declared once, so
    /// that the generated code, where an arm and the code after it share one block, reads the same
    /// values the function does.
    private var declared: Set<String> = []

    /// Reads `body`, differentiating with respect to the parameters `wrt` of type `scalarType`;
    /// `resultCount` is 1, or the length of the result tuple.
    init(body: CodeBlockItemListSyntax, parameters: [String], wrt: [String], scalarType: String,
         resultCount: Int) throws {
        self.scalarType = scalarType
        declared = Set(parameters)
        for name in wrt {
            bindings[name] = .active(nodes.count)
            inputs.append(nodes.count)
            nodes.append(ActiveNode(name: name, operands: [], valueSource: name, partialSource: ""))
        }
        try read(Array(body), resultCount: resultCount, isWholeBody: true)
    }

    /// Reads statements up to a `return` or a fork; every path must end with `return`.
    private mutating func read(_ items: [CodeBlockItemSyntax], resultCount: Int, isWholeBody: Bool = false) throws {
        for (index, item) in items.enumerated() {
            let rest = Array(items[(index + 1)...])
            switch item.item {
            case .decl(let decl):
                guard let variable = decl.as(VariableDeclSyntax.self) else {
                    throw MacroDiagnostic.at(decl, "only `let` and `var` declarations are supported in a differentiated body")
                }
                try declare(variable)
            case .stmt(let statement):
                if let returnStatement = statement.as(ReturnStmtSyntax.self), let value = returnStatement.expression {
                    try finish(with: value, resultCount: resultCount)
                    return
                }
                if let ifExpression = statement.as(ExpressionStmtSyntax.self)?.expression.as(IfExprSyntax.self) {
                    try fork(ifExpression, then: rest, resultCount: resultCount)
                    return
                }
                throw MacroDiagnostic.at(statement, "only declarations, assignments, `if`/`else` and `return` are supported in a differentiated body (no loops)")
            case .expr(let expression):
                if let ifExpression = expression.as(IfExprSyntax.self) {
                    try fork(ifExpression, then: rest, resultCount: resultCount)
                    return
                }
                if try assign(expression) { continue }
                guard isWholeBody, rest.isEmpty else {
                    throw MacroDiagnostic.at(expression, "an expression statement here is not supported: only declarations, assignments, `if`/`else` and `return`")
                }
                try finish(with: expression, resultCount: resultCount)
                return
            }
        }
        throw MacroDiagnostic.at(items.last ?? CodeBlockItemSyntax(item: .expr("()")), "every path through a differentiated body must end with `return` and the result")
    }

    /// Ends this path with `value` (a tuple of `resultCount` elements when that is more than 1).
    private mutating func finish(with value: ExprSyntax, resultCount: Int) throws {
        guard resultCount > 1 else {
            outputs = [try evaluate(value, bindingConstants: false)]
            return
        }
        guard let tuple = value.as(TupleExprSyntax.self), tuple.elements.count == resultCount else {
            throw MacroDiagnostic.at(value, "return a tuple of \(resultCount) values, as the result type says")
        }
        outputs = try tuple.elements.map { try evaluate($0.expression, bindingConstants: false) }
    }

    /// Splits at `if`: each arm, followed by `rest`, is read as a path of its own.
    private mutating func fork(_ ifExpression: IfExprSyntax, then rest: [CodeBlockItemSyntax], resultCount: Int) throws {
        guard ifExpression.conditions.count == 1, let first = ifExpression.conditions.first,
              case .expression(let condition) = first.condition else {
            throw MacroDiagnostic.at(ifExpression.conditions, "use one Boolean expression as the condition (no `if let` or lists)")
        }
        var then = self, otherwise = self
        try then.read(Array(ifExpression.body.statements) + rest, resultCount: resultCount)
        switch ifExpression.elseBody {
        case .none: try otherwise.read(rest, resultCount: resultCount)
        case .codeBlock(let block)?: try otherwise.read(Array(block.statements) + rest, resultCount: resultCount)
        case .ifExpr(let elseIf)?: try otherwise.fork(elseIf, then: rest, resultCount: resultCount)
        }
        branch = Branch(condition: renamed(condition, includingActive: true), fork: forward.count,
                        then: then, otherwise: otherwise)
    }

    // MARK: statements

    private mutating func declare(_ declaration: VariableDeclSyntax) throws {
        let isVar = declaration.bindingSpecifier.tokenKind == .keyword(.var)
        for binding in declaration.bindings {
            guard let initializer = binding.initializer else {
                throw MacroDiagnostic.at(binding, "give `\(binding.pattern.trimmedDescription)` an initial value where it is declared")
            }
            guard let pattern = binding.pattern.as(IdentifierPatternSyntax.self) else {
                // A pattern (`let (a, b) = …`) is fine where nothing in it is differentiated.
                guard !isVar, !isActive(initializer.value) else {
                    throw MacroDiagnostic.at(binding.pattern, "declare differentiated values and `var`s one simple name at a time (no tuple patterns)")
                }
                let annotation = binding.typeAnnotation.map { ": \($0.type.trimmedDescription)" } ?? ""
                forward.append(.statement("let \(binding.pattern.trimmedDescription)\(annotation) = \(renamed(initializer.value))"))
                let names = PatternNameFinder(viewMode: .sourceAccurate)
                names.walk(binding.pattern)
                for name in names.names {
                    try declareOnce(name, at: binding.pattern)
                    bindings[name] = .inactive(name)
                }
                continue
            }
            let name = pattern.identifier.text
            try declareOnce(name, at: pattern)
            let type = binding.typeAnnotation?.type.trimmedDescription
            if isVar { variables[name] = (type, 0) }
            if isActive(initializer.value) {
                bindings[name] = try evaluate(initializer.value, bindingConstants: true)
            } else if isVar {
                bindings[name] = .inactive(newVersion(of: name, source: renamed(initializer.value)))
            } else {
                let annotation = type.map { ": \($0)" } ?? ""
                forward.append(.statement("let \(name)\(annotation) = \(renamed(initializer.value))"))
                bindings[name] = .inactive(name)
            }
        }
    }

    /// Records the declaration of `name`, which must be new and must not start with `_` (the
    /// generated code's names do).
    private mutating func declareOnce(_ name: String, at node: some SyntaxProtocol) throws {
        guard !name.hasPrefix("_") else {
            throw MacroDiagnostic.at(node, "names beginning with `_` are reserved for the generated code; rename `\(name)`")
        }
        guard declared.insert(name).inserted else {
            throw MacroDiagnostic.at(node, "`\(name)` is already declared in this function; a differentiated body declares each name once")
        }
    }

    /// Handles `name = value` and `name op= value`; false if `expression` is not an assignment.
    private mutating func assign(_ expression: ExprSyntax) throws -> Bool {
        guard let infix = expression.as(InfixOperatorExprSyntax.self) else { return false }
        let compound: String?
        if infix.operator.is(AssignmentExprSyntax.self) {
            compound = nil
        } else if let op = infix.operator.as(BinaryOperatorExprSyntax.self)?.operator.text,
                  ["+=", "-=", "*=", "/="].contains(op) {
            compound = String(op.dropLast())
        } else {
            return false
        }
        guard let target = infix.leftOperand.as(DeclReferenceExprSyntax.self),
              variables[target.baseName.text] != nil, let current = bindings[target.baseName.text] else {
            throw MacroDiagnostic.at(infix.leftOperand, "only a `var` declared in this body can be assigned")
        }
        let name = target.baseName.text
        let value = try evaluate(infix.rightOperand, bindingConstants: true)
        let result: ProgramValue
        if let compound {
            result = try binary(binaryOperatorCases[compound]!, current, value) { "\($0) \(compound) \($1)" }
        } else {
            result = value
        }
        if case .inactive(let source) = result {
            bindings[name] = .inactive(newVersion(of: name, source: source))
        } else {
            bindings[name] = result
        }
        return true
    }

    /// Binds a new version of the `var` `name` to `source` and returns the version's name.
    private mutating func newVersion(of name: String, source: String) -> String {
        let (type, versions) = variables[name] ?? (nil, 0)
        variables[name] = (type, versions + 1)
        let versionName = "_\(name)\(versions + 1)"
        let annotation = type.map { ": \($0)" } ?? ""
        forward.append(.statement("let \(versionName)\(annotation) = \(source)"))
        return versionName
    }

    // MARK: expressions

    /// The value of `expression`; an inactive compound expression is bound to a constant first when
    /// `bindingConstants` (so that it is evaluated once although the value and partials both read it).
    private mutating func evaluate(_ expression: ExprSyntax, bindingConstants: Bool) throws -> ProgramValue {
        guard isActive(expression) else {
            let source = renamed(expression)
            if !bindingConstants || isSimple(expression) { return .inactive(isSimple(expression) ? source : "(\(source))") }
            let constant = "_c\(constantCount)"
            constantCount += 1
            forward.append(.statement("let \(constant): \(scalarType) = \(source)"))
            return .inactive(constant)
        }
        if let tuple = expression.as(TupleExprSyntax.self), tuple.elements.count == 1,
           let only = tuple.elements.first, only.label == nil {
            return try evaluate(only.expression, bindingConstants: bindingConstants)
        }
        if let reference = expression.as(DeclReferenceExprSyntax.self), let value = bindings[reference.baseName.text] {
            return value
        }
        if let prefix = expression.as(PrefixOperatorExprSyntax.self) {
            switch prefix.operator.text {
            case "-": return try unary("negate", prefix.expression) { "-\($0)" }
            case "+": return try evaluate(prefix.expression, bindingConstants: true)
            default: break
            }
        }
        if let infix = expression.as(InfixOperatorExprSyntax.self),
           let op = infix.operator.as(BinaryOperatorExprSyntax.self)?.operator.text,
           let primitive = binaryOperatorCases[op] {
            let a = try evaluate(infix.leftOperand, bindingConstants: true)
            let b = try evaluate(infix.rightOperand, bindingConstants: true)
            return try binary(primitive, a, b) { "\($0) \(op) \($1)" }
        }
        if let call = expression.as(FunctionCallExprSyntax.self), let value = try primitiveCall(call) {
            return value
        }
        throw MacroDiagnostic.at(expression, "cannot differentiate `\(expression.trimmedDescription)`: it depends on \(activeNames(in: expression)), so it must be built from the rule table's primitives (\(supportedPrimitivesDescription))")
    }

    /// A call of a primitive's free function (`sqrt(x)`, `pow(x, 2)`, `max(a, b)`), or nil.
    private mutating func primitiveCall(_ call: FunctionCallExprSyntax) throws -> ProgramValue? {
        guard let callee = call.calledExpression.as(DeclReferenceExprSyntax.self), call.trailingClosure == nil,
              call.arguments.allSatisfy({ $0.label == nil }) else { return nil }
        let name = callee.baseName.text
        let arguments = call.arguments.map(\.expression)
        if unaryFunctionNames.contains(name), arguments.count == 1 {
            return try unary(name, arguments[0]) { "\(name)(\($0))" }
        }
        guard binaryFunctionNames.contains(name), arguments.count == 2 else {
            if unaryFunctionNames.contains(name) || binaryFunctionNames.contains(name) { return nil }
            throw MacroDiagnostic.at(call, "cannot differentiate `\(call.trimmedDescription)`: `\(name)` is not a primitive of the rule table (\(supportedPrimitivesDescription)); write it from those")
        }
        if name == "pow", !isActive(arguments[1]), let exponent = literal(arguments[1]) {
            let primitive = exponent.isInteger ? "powInt(\(exponent.source))" : "power(\(exponent.source))"
            return try unary(primitive, arguments[0]) { "pow(\($0), \(exponent.source))" }
        }
        let a = try evaluate(arguments[0], bindingConstants: true)
        let b = try evaluate(arguments[1], bindingConstants: true)
        return try binary(name, a, b) { "\(name)(\($0), \($1))" }
    }

    private mutating func unary(_ primitive: String, _ operand: ExprSyntax,
                                value: (String) -> String) throws -> ProgramValue {
        let x = try evaluate(operand, bindingConstants: true)
        let name = "_v\(nodes.count)"
        let xName = sourceName(x)
        nodes.append(ActiveNode(name: name, operands: [x], valueSource: value(xName),
                                partialSource: "localDerivative(.\(primitive), at: \(xName), value: \(name))"))
        forward.append(.node(nodes.count - 1))
        return .active(nodes.count - 1)
    }

    private mutating func binary(_ primitive: String, _ a: ProgramValue, _ b: ProgramValue,
                                 value: (String, String) -> String) throws -> ProgramValue {
        let (aName, bName) = (sourceName(a), sourceName(b))
        if case .inactive = a, case .inactive = b { return .inactive("(\(value(aName, bName)))") }
        let name = "_v\(nodes.count)"
        nodes.append(ActiveNode(name: name, operands: [a, b], valueSource: value(aName, bName),
                                partialSource: "localPartials(.\(primitive), at: \(aName), \(bName), value: \(name))"))
        forward.append(.node(nodes.count - 1))
        return .active(nodes.count - 1)
    }

    private func sourceName(_ value: ProgramValue) -> String {
        switch value {
        case .active(let index): nodes[index].name
        case .inactive(let source): source
        }
    }

    // MARK: reading syntax

    /// Whether `expression` reads a value that depends on a differentiated parameter.
    private func isActive(_ expression: ExprSyntax) -> Bool { !activeReferences(in: expression).isEmpty }

    private func activeNames(in expression: ExprSyntax) -> String {
        Set(activeReferences(in: expression)).sorted().map { "`\($0)`" }.joined(separator: ", ")
    }

    private func activeReferences(in expression: ExprSyntax) -> [String] {
        let finder = ReferenceFinder(viewMode: .sourceAccurate)
        finder.walk(expression)
        return finder.names.filter { if case .active = bindings[$0] { true } else { false } }
    }

    /// `expression`'s source with each `var` replaced by its current version (and, with
    /// `includingActive`, each differentiated value by its node's name).
    private func renamed(_ expression: ExprSyntax, includingActive: Bool = false) -> String {
        var versions: [String: String] = [:]
        for (name, value) in bindings {
            switch value {
            case .inactive(let version) where variables[name] != nil: versions[name] = version
            case .active(let index) where includingActive && nodes[index].name != name: versions[name] = nodes[index].name
            default: break
            }
        }
        return VersionRenamer(versions: versions).rewrite(expression).trimmedDescription
    }

    private func isSimple(_ expression: ExprSyntax) -> Bool {
        expression.is(DeclReferenceExprSyntax.self) || literal(expression) != nil
    }

    /// A numeric literal, possibly negated.
    private func literal(_ expression: ExprSyntax) -> (source: String, isInteger: Bool)? {
        if let integer = expression.as(IntegerLiteralExprSyntax.self) { return (integer.trimmedDescription, true) }
        if let float = expression.as(FloatLiteralExprSyntax.self) { return (float.trimmedDescription, false) }
        if let prefix = expression.as(PrefixOperatorExprSyntax.self), prefix.operator.text == "-",
           let inner = literal(prefix.expression) {
            return ("-\(inner.source)", inner.isInteger)
        }
        return nil
    }
}

/// Collects the names an expression reads (not member names after a dot).
private final class ReferenceFinder: SyntaxVisitor {
    var names: [String] = []
    override func visit(_ node: DeclReferenceExprSyntax) -> SyntaxVisitorContinueKind {
        if let member = node.parent?.as(MemberAccessExprSyntax.self), member.declName.id == node.id { return .skipChildren }
        names.append(node.baseName.text)
        return .skipChildren
    }
}

/// Collects the names a pattern declares.
private final class PatternNameFinder: SyntaxVisitor {
    var names: [String] = []
    override func visit(_ node: IdentifierPatternSyntax) -> SyntaxVisitorContinueKind {
        names.append(node.identifier.text)
        return .skipChildren
    }
}

/// Replaces reads of `var`s by their current versions' names.
private final class VersionRenamer: SyntaxRewriter {
    let versions: [String: String]
    init(versions: [String: String]) { self.versions = versions }
    override func visit(_ node: DeclReferenceExprSyntax) -> ExprSyntax {
        if let member = node.parent?.as(MemberAccessExprSyntax.self), member.declName.id == node.id { return ExprSyntax(node) }
        guard let version = versions[node.baseName.text] else { return ExprSyntax(node) }
        return ExprSyntax(node.with(\.baseName, .identifier(version, leadingTrivia: node.baseName.leadingTrivia,
                                                            trailingTrivia: node.baseName.trailingTrivia)))
    }
}
