import ArgumentParser
import Slope

/// `slope directional`: the directional derivative ∇f·v at a point.
struct DirectionalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directional",
        abstract: "The directional derivative ∇f·v: the rate of change of f along v.",
        discussion: "Example: slope directional \"x^2 + y\" --at x=1,y=2 --along 1,0   →   2"
    )

    @OptionGroup var options: ExpressionOptions

    @Option(help: "The point, e.g. x=1,y=2.")
    var at: String

    @Option(help: "The direction v, one component per variable, e.g. 1,0.")
    var along: String

    func run() throws {
        let f = try options.function()
        let variables = try options.variables(of: f)
        let point = try options.point(at, variables: variables)
        let direction: [Double]
        let symbolic: Expr
        do {
            direction = try PointParser.vector(along)
            symbolic = try symbolicDirectionalDerivative(of: f, along: direction, variables: variables)
        } catch {
            throw Failure("--along: \(error.description)")
        }
        let values = try Program(compiling: [f, symbolic], variables: variables).evaluate(point)
        if options.json {
            print(JSONOutput.object([
                ("function", .string(f.description)), ("variables", .strings(variables)),
                ("direction", .numbers(direction)), ("derivative", .string(symbolic.description)),
                ("value", .number(values[0])), ("directionalDerivative", .number(values[1])),
            ]).text)
            return
        }
        print("∇f·v = \(symbolic)")
        print("at \(at) along \(show(direction)): f = \(show(values[0])), ∇f·v = \(show(values[1]))")
    }
}
