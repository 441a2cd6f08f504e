import ArgumentParser
import Slope

/// `slope subgradient`: the whole subdifferential at a point, by the engine's exact one-sided rules.
struct SubgradientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subgradient",
        abstract: "The subdifferential at a point: every subgradient, as the extreme points of a convex set.",
        discussion: "Examples: slope subgradient \"abs(x)\" --at x=0 → [-1, 1];  slope subgradient \"relu(x)\" --at x=0 → [0, 1];  "
            + "sqrt(x^2) is rewritten to abs(x) first, so it gives [-1, 1] rather than NaN."
    )

    @OptionGroup var options: ExpressionOptions

    @Option(help: "The point, e.g. x=0 or x=1,y=1.")
    var at: String

    func run() throws {
        let f = try options.function()
        let variables = try options.variables(of: f)
        guard !variables.isEmpty else { throw Failure("the expression has no variables: its subdifferential at any point is {0}") }
        let point = try options.point(at, variables: variables)
        let program = try Program(compiling: f, variables: variables)
        let result: Subdifferential
        if variables.count == 1 {
            result = subdifferential(at: point[0]) { (x: OneSided) in program.value(at: [x]) }
        } else {
            result = try subdifferential(at: point) { (v: [SubgradientSet]) in program.value(at: v) }
        }
        let value = program.value(at: point)
        if options.json {
            var object: [(String, JSONOutput)] = [
                ("function", .string(f.description)), ("variables", .strings(variables)), ("value", .number(value)),
                ("differentiable", .bool(result.differentiable)), ("exact", .bool(result.exact)),
                ("subdifferential", .array(result.extremePoints.map(JSONOutput.numbers))),
            ]
            if variables.count == 1 {
                let ends = result.extremePoints.map { $0[0] }
                object.append(("interval", .numbers([ends.min() ?? .nan, ends.max() ?? .nan])))
            }
            object.append(("note", result.note.map(JSONOutput.string) ?? .null))
            print(JSONOutput.object(object).text)
            return
        }
        print("∂(\(f)) at \(at) = \(result)")
        let finite = result.extremePoints.allSatisfy { $0.allSatisfy(\.isFinite) }
        print(!finite ? "no finite subgradient: the function is not Lipschitz here (its slope is unbounded)"
              : result.differentiable ? "differentiable: the only subgradient is the gradient"
              : result.exact ? "not differentiable here: every element of the set is a subgradient"
              : "not differentiable here: the set is a sound enclosure the rules could not tighten")
    }
}
