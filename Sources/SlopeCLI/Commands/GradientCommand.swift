import ArgumentParser
import Slope

/// `slope gradient`: the symbolic gradient, optionally at a point and with the backpropagation trace.
struct GradientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradient",
        abstract: "The gradient ∇f of an expression, symbolically and at a point.",
        discussion: "Example: slope gradient \"x^2 + 2*y^2 + 3*z^2\" --at x=1,y=2,z=3   →   [2*x, 4*y, 6*z] = [2, 8, 18]"
    )

    @OptionGroup var options: ExpressionOptions

    @Option(help: "Evaluate at a point, e.g. x=1,y=2,z=3.")
    var at: String?

    @Flag(help: "Show the rules applied for each partial derivative.")
    var steps = false

    @Flag(help: "Also print LaTeX.")
    var latex = false

    @Flag(help: "Show backpropagation at the point: each node's value, local partials and adjoint (needs --at).")
    var trace = false

    func run() throws {
        let f = try options.function()
        let variables = try options.variables(of: f)
        if trace && at == nil { throw Failure("--trace needs a point: add --at") }
        let derivations = variables.map { differentiate(f, withRespectTo: $0) }
        let gradient = derivations.map(\.result)
        let latexVector = "\\left[" + gradient.map(\.latex).joined(separator: ", ") + "\\right]"
        var evaluated: (Double, [Double])? = nil
        var backprop: BackpropTrace? = nil
        if let at {
            let point = try options.point(at, variables: variables)
            let values = try Program(compiling: [f] + gradient, variables: variables).evaluate(point)
            evaluated = (values[0], Array(values.dropFirst()))
            if trace { backprop = BackpropTrace(program: try Program(compiling: f, variables: variables), at: point) }
        }
        if options.json {
            var object: [(String, JSONOutput)] = [
                ("function", .string(f.description)), ("variables", .strings(variables)),
                ("gradient", .strings(gradient.map(\.description))), ("latex", .string(latexVector)),
            ]
            if let (value, gradientValue) = evaluated {
                object += [("value", .number(value)), ("gradientValue", .numbers(gradientValue))]
            }
            if let backprop {
                object.append(("trace", .array(backprop.rows.map { row in
                    .object([("slot", .number(Double(row.slot))), ("operation", .string(row.operation)),
                             ("operands", .numbers(row.operands.map(Double.init))),
                             ("expression", row.expression.map { .string($0.description) } ?? .null),
                             ("value", .number(row.value)), ("partials", .numbers(row.partials)),
                             ("adjoint", .number(row.adjoint))])
                })))
            }
            print(JSONOutput.object(object).text)
            return
        }
        print("∇(\(f)) = [\(gradient.map(\.description).joined(separator: ", "))]   (variables: \(variables.joined(separator: ", ")))")
        if steps { for d in derivations { print(DerivationPrinter.text(d)) } }
        if latex { print("\\nabla f = \(latexVector)") }
        if let (value, gradientValue) = evaluated {
            print("at \(at ?? ""): f = \(show(value)), ∇f = \(show(gradientValue))")
            if !gradientValue.allSatisfy(\.isFinite), let at {
                let program = try Program(compiling: f, variables: variables)
                let report = try explainNonFinite(at: try options.point(at, variables: variables)) { program.value(at: $0) }
                if !report.isFinite { print("why: \(report.explanation)") }
            }
        }
        if let backprop {
            print("backpropagation (forward values, local partials from the rule table, adjoints from the reverse sweep):")
            print(backprop.text)
        }
    }
}
