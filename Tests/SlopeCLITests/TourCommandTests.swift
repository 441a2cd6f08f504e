import Foundation
import Testing

@Suite struct TourCommandTests {
    @Test func theWholeTourRunsAndPassesInPlainASCII() throws {
        let run = try runSlope(["tour", "--no-plots"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.unicodeScalars.allSatisfy { $0.isASCII }, "piped output must be ASCII")
        #expect(!run.stdout.contains("\u{1B}["))
        for heading in ["1 * The power of derivatives", "2 * Navigating with gradients", "3 * Sub-gradients",
                        "4 * The chain rule", "5 * Calculating gradients"] {
            #expect(run.stdout.contains(heading), "missing \(heading)")
        }
        #expect(run.stdout.contains("f'(1.5)"))
        #expect(run.stdout.contains("grad f(1, -2, 0.5) = (2, -8, 3)"))
        #expect(run.stdout.contains("= [-1, 1]"))
        #expect(run.stdout.contains("exact least-squares (w, b) = (2, 1)"))
        #expect(run.stdout.contains("checks passed"))
        #expect(!run.stdout.contains("figure:"), "--no-plots lists no figures")
        #expect(!run.stdout.contains("FAIL"))
    }

    @Test func oneSectionWritesItsFigures() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slope-cli-tour-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try runSlope(["tour", "--section", "3", "--out", dir.path])
        #expect(run.status == 0)
        #expect(run.stdout.contains("3 * Sub-gradients"))
        #expect(!run.stdout.contains("1 * The power"))
        let svg = dir.appendingPathComponent("3-subgradients.svg")
        #expect(FileManager.default.fileExists(atPath: svg.path))
        #expect(run.stdout.contains(svg.path))
    }

    @Test func jsonCarriesTheNumbers() throws {
        let run = try runSlope(["tour", "--section", "4", "--no-plots", "--json"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let sections = try #require(object["sections"] as? [[String: Any]])
        #expect(sections.count == 1)
        let examples = try #require(sections[0]["examples"] as? [[String: Any]])
        let values = try #require(examples[0]["values"] as? [[String: Any]])
        let derivative = values.first { ($0["name"] as? String) == "(f∘g)′(2)" }
        #expect((derivative?["value"] as? [Double]) == [6])
    }

    @Test func quietPrintsNothing() throws {
        let run = try runSlope(["tour", "--section", "1", "--no-plots", "--quiet"])
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
    }

    @Test func aBadSectionIsBadInput() throws {
        let run = try runSlope(["tour", "--section", "9"])
        #expect(run.status == 2)
        #expect(run.stderr == "slope: error: no section 9: the tour has sections 1 to 5\n")
    }
}
