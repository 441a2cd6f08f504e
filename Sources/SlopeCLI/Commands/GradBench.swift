import ArgumentParser
import Foundation
import Slope

/// `slope gradbench`: a GradBench tool speaking the JSON-lines protocol on stdin/stdout.
struct GradBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradbench",
        abstract: "Serve the GradBench protocol on standard input and output.",
        discussion: """
            Reads one JSON message per line (start, define, evaluate, analysis) and answers each with \
            one JSON line. Implemented evals: \(allEvalModules.map { $0.name }.joined(separator: ", ")). \
            Run under GradBench with: gradbench run --eval "gradbench eval NAME" --tool "slope gradbench".
            """
    )

    func run() throws {
        let session = GradBenchSession()
        session.serve(readLine: { Swift.readLine(strippingNewline: true) }) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}
