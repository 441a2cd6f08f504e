import ArgumentParser
import Slope

/// `slope derive`: the symbolic derivative, optionally with its steps, its LaTeX and its value at a point.
struct DeriveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "derive",
        abstract: "The derivative of an expression, with the rules that produce it.",
        discussion: "Example: slope derive \"(x + 1)^2\" --steps   →   2*(x + 1), by the chain rule."
    )

    @OptionGroup var options: ExpressionOptions

    @Option(help: "The variable to differentiate with respect to (needed when there are several).")
    var wrt: String?

    @Option(help: "Evaluate at a point, e.g. x=3 (every variable needs a value).")
    var at: String?

    @Flag(help: "Show each rule applied (sum, constant multiple, power, product, quotient, chain).")
    var steps = false

    @Flag(help: "Also print LaTeX.")
    var latex = false

    func run() throws {
        let f = try options.function()
        let used = f.variables
        let variable: String
        if let wrt {
            variable = wrt
        } else if used.count <= 1 {
            variable = used.first ?? "x"
        } else {
            throw Failure("the expression has several variables (\(used.joined(separator: ", "))): choose one with --wrt")
        }
        let derivation = differentiate(f, withRespectTo: variable)
        var values: (Double, Double)? = nil
        var variables = try options.variables(of: f)
        if !variables.contains(variable) { variables.append(variable) }
        if let at {
            let point = try options.point(at, variables: variables)
            let program = try Program(compiling: [f, derivation.result], variables: variables)
            let v = program.evaluate(point)
            values = (v[0], v[1])
        }
        if options.json {
            var object: [(String, JSONOutput)] = [
                ("function", .string(f.description)), ("variable", .string(variable)),
                ("derivative", .string(derivation.result.description)), ("latex", .string(derivation.result.latex)),
            ]
            if let (value, derivativeValue) = values {
                object += [("value", .number(value)), ("derivativeValue", .number(derivativeValue))]
            }
            if steps {
                object.append(("steps", .array(derivation.steps.map { step in
                    .object([("rule", .string(step.rule.rawValue)), ("expression", .string(step.expression.description)),
                             ("derivative", .string(step.derivative.description))])
                })))
            }
            print(JSONOutput.object(object).text)
            return
        }
        if steps { print(DerivationPrinter.text(derivation)) } else { print("d/d\(variable) \(f) = \(derivation.result)") }
        if latex {
            print(steps ? DerivationPrinter.latex(derivation)
                        : "\\frac{d}{d\(variable)}\\left[\(f.latex)\\right] = \(derivation.result.latex)")
        }
        if let (value, derivativeValue) = values {
            print("at \(at ?? ""): f = \(show(value)), d/d\(variable) = \(show(derivativeValue))")
        }
    }
}
