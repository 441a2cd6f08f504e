import ArgumentParser
import Slope

/// `slope hessian`: the matrix of second derivatives.
struct HessianCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hessian",
        abstract: "The Hessian ∇²f: every second partial derivative.",
        discussion: "Example: slope hessian \"abs(x)^2\" --at x=0   →   [[2]] (the false kink at 0 is removed first)"
    )

    @OptionGroup var options: ExpressionOptions

    @Option(help: "Evaluate at a point, e.g. x=1,y=2.")
    var at: String?

    func run() throws {
        let f = try options.function()
        let variables = try options.variables(of: f)
        let hessian = symbolicHessian(of: f, variables: variables)
        var values: [[Double]]? = nil
        if let at {
            let point = try options.point(at, variables: variables)
            let flat = try Program(compiling: hessian.flatMap { $0 }, variables: variables).evaluate(point)
            values = (0..<variables.count).map { i in Array(flat[(i * variables.count)..<((i + 1) * variables.count)]) }
        }
        let latex = "\\begin{pmatrix} " + hessian.map { $0.map(\.latex).joined(separator: " & ") }.joined(separator: " \\\\ ") + " \\end{pmatrix}"
        if options.json {
            var object: [(String, JSONOutput)] = [
                ("function", .string(f.description)), ("variables", .strings(variables)),
                ("hessian", .array(hessian.map { .strings($0.map(\.description)) })), ("latex", .string(latex)),
            ]
            if let values { object.append(("hessianValue", .array(values.map(JSONOutput.numbers)))) }
            print(JSONOutput.object(object).text)
            return
        }
        print("∇²(\(f)) over (\(variables.joined(separator: ", "))):")
        for row in hessian { print("  [" + row.map(\.description).joined(separator: ", ") + "]") }
        if let values {
            print("at \(at ?? ""):")
            for row in values { print("  " + show(row)) }
        }
    }
}
