import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A fresh temporary directory, removed by the caller.
private func temporaryDirectory() -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slope-cli-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

private func occurrences(of cssClass: String, in svg: String) -> Int {
    svg.components(separatedBy: "class=\"\(cssClass)\"").count - 1
}

@Suite struct PlotCommandTests {
    @Test func absoluteValueRedrawsFigureOne() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("abs.svg").path
        let run = try runSlope(["plot", "abs(x)", "--subgradients-at", "0", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("every g in [-1, 1]"))
        let svg = try String(contentsOfFile: out, encoding: .utf8)
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(occurrences(of: "curve", in: svg) == 2)        // f and f′
        #expect(occurrences(of: "subgradient", in: svg) == 9)
        #expect(svg.contains("class=\"legend-label\""))
    }

    @Test func reluFanIsZeroToOneAndJSONSaysSo() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("relu.svg").path
        let run = try runSlope(["plot", "relu(x)", "--subgradients-at", "0", "--range", "-2:2", "--out", out, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let sub = try #require(object["subgradients"] as? [String: Any])
        #expect((sub["subdifferential"] as? [Double]) == [0, 1])
        #expect((sub["derivative"] as? Double) == 0)
    }

    @Test func tangentLine() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("square.svg").path
        let run = try runSlope(["plot", "x^2", "--tangent-at", "-1.5", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("f = 2.25, f' = -3"))
        let svg = try String(contentsOfFile: out, encoding: .utf8)
        #expect(occurrences(of: "tangent", in: svg) == 1)
    }

    @Test func contoursWithGradientArrows() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("bowl.svg").path
        let run = try runSlope(["plot", "x^2 + 2*y^2", "--contour", "--gradient-field", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let svg = try String(contentsOfFile: out, encoding: .utf8)
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(occurrences(of: "contour", in: svg) >= 8)
        #expect(occurrences(of: "arrow", in: svg) > 100)
    }

    @Test func badInputIsExitTwoWithOneLine() throws {
        for args in [["plot", "x^2", "--range", "3:1"], ["plot", "x^2", "--range", "a:b"],
                     ["plot", "x*y", "--tangent-at", "1"], ["plot", "x^2", "--out", "/tmp/not-an-svg.txt"]] {
            let run = try runSlope(args)
            #expect(run.status == 2, "\(args)")
            #expect(run.stderr.hasPrefix("slope: error:"), "\(args)")
        }
    }
}

@Suite struct MinimizeCommandTests {
    @Test func jsonHasTheAdvertisedKeys() throws {
        let run = try runSlope(["minimize", "x^2 + 2*y^2", "--from", "x=2,y=1", "--optimizer", "gd", "--lr", "0.1", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let point = try #require(object["point"] as? [String: Double])
        #expect(abs(point["x"] ?? 1) < 1e-8 && abs(point["y"] ?? 1) < 1e-8)
        #expect(((object["value"] as? Double) ?? 1) < 1e-15)
        #expect(((object["gradientNorm"] as? Double) ?? 1) <= 1e-8)
        #expect(((object["iterations"] as? Int) ?? 0) > 10)
    }

    @Test func everyOptimizerRunsAndDrawsItsPath() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for optimizer in ["gd", "momentum", "nesterov", "adam", "subgradient"] {
            let out = dir.appendingPathComponent("\(optimizer).svg").path
            let run = try runSlope(["minimize", "(x - 1)^2 + abs(y)", "--from", "x=2,y=1", "--optimizer", optimizer,
                                    "--steps", "300", "--plot", out])
            #expect(run.status == 0, "\(optimizer): \(run.stderr)")
            #expect(run.stdout.hasPrefix(optimizer))
            let svg = try String(contentsOfFile: out, encoding: .utf8)
            #expect(XMLParser(data: Data(svg.utf8)).parse())
            #expect(occurrences(of: "descent-path", in: svg) == 1, "\(optimizer)")
            #expect(occurrences(of: "contour", in: svg) > 3)
        }
    }

    @Test func badInputIsExitTwo() throws {
        for args in [["minimize", "x^2", "--from", "y=1"], ["minimize", "x^2", "--from", "x=1", "--optimizer", "sgd"],
                     ["minimize", "x^2", "--from", "x=1", "--lr", "-1"], ["minimize", "x^2 +", "--from", "x=1"]] {
            let run = try runSlope(args)
            #expect(run.status == 2, "\(args)")
            #expect(run.stderr.hasPrefix("slope: error:"), "\(args)")
        }
    }

    @Test func quietPrintsNothing() throws {
        let run = try runSlope(["minimize", "x^2", "--from", "x=3", "--quiet"])
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
    }
}
