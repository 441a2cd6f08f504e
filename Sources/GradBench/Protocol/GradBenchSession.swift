import Foundation

/// A GradBench tool session: reads the eval's messages one JSON line at a time and answers each
/// with one JSON line, as the protocol in gradbench's CONTRIBUTING.md specifies.
///
/// ```swift
/// let session = GradBenchSession()
/// session.respond(to: #"{"id": 0, "kind": "start"}"#)   // {"id":0,"tool":"slope"}
/// ```
///
/// A malformed or unknown message gets `{"id": …, "success": false, "error": "…"}` and the session
/// keeps serving; nothing but protocol lines is ever written.
public final class GradBenchSession {
    /// The tool name sent in the `start` response.
    public static let toolName = "slope"

    private let modules: [String: any EvalModule.Type]
    private var defined: Set<String> = []
    private let log: (String) -> Void

    /// A session serving `modules` (by default every eval Slope implements); `log` receives
    /// diagnostics (invalid analyses), by default standard error.
    public init(modules: [any EvalModule.Type] = allEvalModules,
                log: @escaping (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) {
        self.modules = Dictionary(modules.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.log = log
    }

    /// Serves until `readLine` returns nil, writing one response line per non-blank message.
    public func serve(readLine: () -> String?, write: (String) -> Void) {
        while let line = readLine() {
            if let response = respond(to: line) { write(response) }
        }
    }

    /// The response line to one message line; nil for a blank line.
    public func respond(to line: String) -> String? {
        guard line.contains(where: { !$0.isWhitespace }) else { return nil }
        let message: JSONValue
        do {
            message = try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
        } catch {
            return failure(id: .null, GradBenchError.malformed("not valid JSON"))
        }
        guard case .object = message else {
            return failure(id: .null, GradBenchError.malformed("expected a JSON object"))
        }
        let id = message["id"] ?? .null
        do {
            guard id.number != nil else { throw GradBenchError.badField(field: "id", expected: "a number") }
            guard let kind = message["kind"]?.string else {
                throw GradBenchError.badField(field: "kind", expected: "a string")
            }
            switch kind {
            case "start": return reply(["id": id, "tool": .string(Self.toolName)])
            case "define": return try define(message, id: id)
            case "evaluate": return try evaluate(message, id: id)
            case "analysis", "end":
                if message["valid"] == .bool(false) {
                    let of = message["of"].map(\.jsonText) ?? "?"
                    log("gradbench: evaluation \(of) was judged invalid: \(message["error"]?.string ?? "no reason given")")
                }
                return reply(["id": id])
            default: throw GradBenchError.unknownKind(kind)
            }
        } catch let error as GradBenchError {
            return failure(id: id, error)
        } catch {
            return failure(id: id, GradBenchError.malformed("\(error)"))
        }
    }

    private func define(_ message: JSONValue, id: JSONValue) throws -> String {
        guard let name = message["module"]?.string else {
            throw GradBenchError.badField(field: "module", expected: "a string")
        }
        guard modules[name] != nil else { return failure(id: id, GradBenchError.unknownModule(name)) }
        defined.insert(name)
        return reply(["id": id, "success": .bool(true)])
    }

    private func evaluate(_ message: JSONValue, id: JSONValue) throws -> String {
        guard let name = message["module"]?.string else {
            throw GradBenchError.badField(field: "module", expected: "a string")
        }
        guard let function = message["function"]?.string else {
            throw GradBenchError.badField(field: "function", expected: "a string")
        }
        guard let module = modules[name] else { throw GradBenchError.unknownModule(name) }
        guard defined.contains(name) else { throw GradBenchError.undefinedModule(name) }
        guard module.functions.contains(function) else {
            throw GradBenchError.unknownFunction(module: name, function: function)
        }
        let input = message["input"] ?? .null
        let runs = try Runs(input: input)
        let prepared = try module.prepare(function: function, input: input)
        let timings = Self.time(prepared.run, runs: runs)
        return reply([
            "id": id, "success": .bool(true), "output": prepared.output(),
            "timings": .array(timings.map { .object(["name": .string("evaluate"), "nanoseconds": .number(Double($0))]) }),
        ])
    }

    /// Runs `body` at least `runs.minRuns` times and until `runs.minSeconds` have accumulated;
    /// returns each run's duration in nanoseconds.
    public static func time(_ body: () -> Void, runs: Runs) -> [Int64] {
        let clock = ContinuousClock()
        var timings: [Int64] = []
        var elapsed: Int64 = 0
        let budget = Int64(runs.minSeconds * 1e9)
        while timings.count < runs.minRuns || elapsed < budget {
            let start = clock.now
            body()
            let duration = clock.now - start
            let (seconds, attoseconds) = duration.components
            let ns = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
            timings.append(ns)
            elapsed += ns
        }
        return timings
    }

    private func reply(_ members: [String: JSONValue]) -> String { JSONValue.object(members).jsonText }

    private func failure(id: JSONValue, _ error: GradBenchError) -> String {
        reply(["id": id, "success": .bool(false), "error": .string(error.description)])
    }
}
