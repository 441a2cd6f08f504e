import Foundation
import Testing
@testable import GradBench

/// Parses one response line.
func parse(_ line: String?) throws -> JSONValue {
    let text = try #require(line)
    return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}

/// A session with `hello` defined, logging into `sink`.
func helloSession() -> GradBenchSession {
    let session = GradBenchSession(log: { _ in })
    _ = session.respond(to: #"{"id": 0, "kind": "define", "module": "hello"}"#)
    return session
}

@Test func startAnswersWithTheToolName() throws {
    let response = try parse(GradBenchSession().respond(to: #"{"id": 0, "kind": "start", "eval": "hello"}"#))
    #expect(response == .object(["id": .number(0), "tool": .string("slope")]))
}

@Test func defineSucceedsOnlyForImplementedModules() throws {
    let session = GradBenchSession()
    for name in ["hello", "llsq", "lse", "det", "saddle", "particle", "kmeans", "gmm", "ode", "ba"] {
        let r = try parse(session.respond(to: #"{"id": 1, "kind": "define", "module": "\#(name)"}"#))
        #expect(r["success"] == .bool(true), "\(name)")
    }
    let missing = try parse(session.respond(to: #"{"id": 2, "kind": "define", "module": "nosuch"}"#))
    #expect(missing["success"] == .bool(false))
    #expect(missing["id"] == .number(2))
    #expect(missing["error"]?.string?.contains("nosuch") == true)
}

@Test func evaluateReturnsOutputAndOneTimingPerRun() throws {
    let session = helloSession()
    let r = try parse(session.respond(to: #"{"id": 3, "kind": "evaluate", "module": "hello", "function": "double", "input": 2.5}"#))
    #expect(r["success"] == .bool(true))
    #expect(r["output"] == .number(5))
    let timings = try #require(r["timings"]?.array)
    #expect(timings.count == 1)
    #expect(timings[0]["name"] == .string("evaluate"))
    #expect((timings[0]["nanoseconds"]?.number ?? -1) >= 0)
}

@Test func evaluateHonoursMinRuns() throws {
    let session = GradBenchSession()
    _ = session.respond(to: #"{"id": 0, "kind": "define", "module": "lse"}"#)
    let r = try parse(session.respond(to:
        #"{"id": 1, "kind": "evaluate", "module": "lse", "function": "primal", "input": {"x": [0, 0], "min_runs": 4, "min_seconds": 0}}"#))
    #expect(r["timings"]?.array?.count == 4)
    let expected = log(2.0)
    #expect(abs((r["output"]?.number ?? 0) - expected) < 1e-15)
}

@Test func minSecondsKeepsRunningUntilTheBudgetIsSpent() {
    var calls = 0
    let timings = GradBenchSession.time({ calls += 1; usleep(2000) }, runs: Runs(minRuns: 1, minSeconds: 0.02))
    #expect(timings.count == calls)
    // It stops at the first run that fills the budget, whatever the machine's load.
    #expect(timings.reduce(0, +) >= 20_000_000)
    #expect(timings.dropLast().reduce(0, +) < 20_000_000)
}

@Test func analysisIsAcknowledgedAndInvalidOnesAreLogged() throws {
    var logged: [String] = []
    let session = GradBenchSession(log: { logged.append($0) })
    let ok = try parse(session.respond(to: #"{"id": 5, "kind": "analysis", "of": 4, "valid": true}"#))
    #expect(ok == .object(["id": .number(5)]))
    let bad = try parse(session.respond(to: #"{"id": 6, "kind": "analysis", "of": 4, "valid": false, "error": "off by one"}"#))
    #expect(bad == .object(["id": .number(6)]))
    #expect(logged.count == 1)
    #expect(logged.first?.contains("off by one") == true)
}

@Test(arguments: [
    ("not json", "malformed"),
    ("[1, 2]", "JSON object"),
    (#"{"kind": "start"}"#, "`id`"),
    (#"{"id": 1}"#, "`kind`"),
    (#"{"id": 1, "kind": "dance"}"#, "unknown message kind"),
    (#"{"id": 1, "kind": "evaluate", "module": "hello", "function": "square", "input": 1}"#, "not defined"),
    (#"{"id": 1, "kind": "define"}"#, "`module`"),
])
func malformedMessagesGetAnErrorResponse(line: String, fragment: String) throws {
    let r = try parse(GradBenchSession().respond(to: line))
    #expect(r["success"] == .bool(false))
    let error = try #require(r["error"]?.string)
    #expect(error.contains(fragment), "\(error)")
}

@Test(arguments: [
    (#"{"id": 9, "kind": "evaluate", "module": "hello", "function": "cube", "input": 1}"#, "no function `cube`"),
    (#"{"id": 9, "kind": "evaluate", "module": "hello", "function": "square", "input": "two"}"#, "field `input`"),
])
func badEvaluationsGetAnErrorResponseAndTheSessionGoesOn(line: String, fragment: String) throws {
    let session = helloSession()
    let r = try parse(session.respond(to: line))
    #expect(r["id"] == .number(9))
    #expect(r["success"] == .bool(false))
    #expect(r["error"]?.string?.contains(fragment) == true, "\(r)")
    let next = try parse(session.respond(to: #"{"id": 10, "kind": "evaluate", "module": "hello", "function": "square", "input": 3}"#))
    #expect(next["output"] == .number(9))
}

@Test func badEvalInputsNameTheField() throws {
    let session = GradBenchSession()
    _ = session.respond(to: #"{"id": 0, "kind": "define", "module": "llsq"}"#)
    let cases = [
        (#"{"x": [1, "a"], "n": 4}"#, "input.x[1]"),
        (#"{"x": [1, 2]}"#, "input.n"),
        (#"{"x": [1, 2], "n": 2.5}"#, "input.n"),
        (#"{"x": [1, 2], "n": 4, "min_runs": 0}"#, "input.min_runs"),
    ]
    for (input, field) in cases {
        let r = try parse(session.respond(to: #"{"id": 1, "kind": "evaluate", "module": "llsq", "function": "gradient", "input": \#(input)}"#))
        #expect(r["success"] == .bool(false))
        #expect(r["error"]?.string?.contains(field) == true, "\(r)")
    }
}

@Test func serveAnswersEveryLineInOrderAndSkipsBlankOnes() throws {
    var lines = [
        #"{"id": 0, "kind": "start"}"#, "", #"{"id": 1, "kind": "define", "module": "hello"}"#,
        #"{"id": 2, "kind": "evaluate", "module": "hello", "function": "square", "input": 4}"#, "{oops",
        #"{"id": 3, "kind": "evaluate", "module": "hello", "function": "double", "input": 16}"#,
    ][...]
    var out: [String] = []
    GradBenchSession(log: { _ in }).serve(readLine: { lines.popFirst() }, write: { out.append($0) })
    #expect(out.count == 5)
    let ids = try out.map { try parse($0)["id"] }
    #expect(ids == [.number(0), .number(1), .number(2), .null, .number(3)])
    #expect(try parse(out[4])["output"] == .number(32))
}

@Test func jsonNumbersRoundTrip() throws {
    let values: [Double] = [0, -3, 0.1, 1e-300, 8.246324826140356e-06, 123456789.125, -2.5e20]
    let text = JSONValue.numbers(values).jsonText
    #expect(try parse(text) == .numbers(values))
    #expect(JSONValue.number(.nan).jsonText == "null")
    #expect(JSONValue.string("a\"b\n").jsonText == #""a\"b\n""#)
}
