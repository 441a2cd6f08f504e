import Foundation
import Testing

@Test func gradbenchCommandServesAWholeSession() throws {
    let input = """
        {"id": 0, "kind": "start", "eval": "llsq"}
        {"id": 1, "kind": "define", "module": "llsq"}
        {"id": 2, "kind": "evaluate", "module": "llsq", "function": "gradient", "input": {"x": [0, 0], "n": 3, "min_runs": 2, "min_seconds": 0}}
        this is not json
        {"id": 3, "kind": "analysis", "of": 2, "valid": true}
        {"id": 4, "kind": "evaluate", "module": "llsq", "function": "primal", "input": {"x": [0], "n": 3}}

        """
    let run = try runSlope(["gradbench"], input: input)
    #expect(run.status == 0)
    let lines = run.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 6)
    let responses = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
    #expect(responses[0]["tool"] as? String == "slope")
    #expect(responses[1]["success"] as? Bool == true)
    // ∇ ½ Σ (sᵢ − x₀ − x₁tᵢ)² at 0 with t = (−1, 0, 1), s = (−1, 0, 1): (0, −2).
    #expect(responses[2]["output"] as? [Double] == [0, -2])
    #expect((responses[2]["timings"] as? [Any])?.count == 2)
    #expect(responses[3]["success"] as? Bool == false)
    #expect(responses[4].count == 1)
    #expect(responses[5]["output"] as? Double == 1)
}

@Test func gradbenchCommandRejectsUnknownModulesAndKeepsGoing() throws {
    let input = """
        {"id": 0, "kind": "define", "module": "nonexistent"}
        {"id": 1, "kind": "define", "module": "hello"}
        {"id": 2, "kind": "evaluate", "module": "hello", "function": "double", "input": 21}

        """
    let run = try runSlope(["gradbench"], input: input)
    #expect(run.status == 0)
    #expect(run.stdout.split(separator: "\n").count == 3)
    #expect(run.stdout.contains(#"{"error":"module `nonexistent` is not implemented by slope","id":0,"success":false}"#))
    #expect(run.stdout.contains(#""output":42"#))
}

@Test func gradbenchFlushesSubnormalsOnlyWhenAsked() throws {
    // (10⁻¹⁶⁰)² = 10⁻³²⁰ is subnormal: kept by IEEE arithmetic, zero with --flush-subnormals.
    let input = """
        {"id": 0, "kind": "define", "module": "hello"}
        {"id": 1, "kind": "evaluate", "module": "hello", "function": "square", "input": 1e-160}

        """
    let ieee = try runSlope(["gradbench"], input: input)
    #expect(ieee.status == 0)
    #expect(ieee.stdout.contains(#""output":1e-320"#) || ieee.stdout.contains(#""output":9.99988671826831e-321"#))
    let flushed = try runSlope(["gradbench", "--flush-subnormals"], input: input)
    #expect(flushed.status == 0)
    #expect(flushed.stdout.contains(#""output":0"#))
}
