import Testing

@Suite struct RootCommandTests {
    @Test func unknownSubcommandIsBadInputWithOneLine() throws {
        let run = try runSlope(["no-such-command"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("slope: error:"))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func helpExitsZero() throws {
        let run = try runSlope(["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("slope"))
    }
}
