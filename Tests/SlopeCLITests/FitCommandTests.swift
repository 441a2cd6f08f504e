import Foundation
import Testing

/// A CSV of y = 2a − 3b + 0.5c + 4 + small noise, written once per test.
private func regressionCSV(rows: Int = 400) throws -> String {
    var text = "a,b,c,y\n"
    var state: UInt64 = 7
    func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
    for _ in 0..<rows {
        let (a, b, c) = (uniform(), uniform(), uniform())
        text += "\(a),\(b),\(c),\(2 * a - 3 * b + 0.5 * c + 4 + 0.01 * uniform())\n"
    }
    let path = NSTemporaryDirectory() + "/slope-fit-\(UUID().uuidString).csv"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

private func object(_ json: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
}

@Suite struct FitCommandTests {
    @Test func defaultRunConvergesToTheExactSolution() throws {
        let path = try regressionCSV()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try runSlope(["fit", path, "--target", "y", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try object(run.stdout)
        #expect(Set(json.keys) == ["weights", "bias", "loss", "iterations", "optimizer", "exactLoss", "gap"])
        let weights = try #require(json["weights"] as? [String: Double])
        #expect(abs(weights["a"]! - 2) < 0.01 && abs(weights["b"]! + 3) < 0.01 && abs(weights["c"]! - 0.5) < 0.01)
        #expect(abs((json["bias"] as! Double) - 4) < 0.01)
        #expect((json["gap"] as! Double) < 1e-6)
        #expect(json["optimizer"] as? String == "gd")
        #expect(abs((json["loss"] as! Double) - (json["exactLoss"] as! Double)) < 1e-12)
        #expect(run.stderr.isEmpty)  // no progress bar when stderr is not a terminal
    }

    @Test(arguments: ["sgd", "momentum", "nesterov", "adam", "exact"])
    func everyOptimizerRunsAndReportsTheGap(optimizer: String) throws {
        let path = try regressionCSV()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try runSlope(["fit", path, "--target", "y", "--features", "a,b", "--optimizer", optimizer, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try object(run.stdout)
        #expect((json["weights"] as? [String: Double])?.keys.sorted() == ["a", "b"])
        #expect(json["optimizer"] as? String == optimizer)
        #expect((json["loss"] as! Double) < 0.5)
    }

    @Test func textReportAndLossCurvePlot() throws {
        let path = try regressionCSV()
        let svg = path + ".svg"
        defer { try? FileManager.default.removeItem(atPath: path); try? FileManager.default.removeItem(atPath: svg) }
        let run = try runSlope(["fit", path, "--target", "y", "--l1", "0.01", "--epochs", "500", "--plot", svg])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("optimizer  subgradient"))
        #expect(run.stdout.contains("gap"))
        let picture = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(picture.contains("<svg") && picture.contains("<path"))
        #expect(picture.contains(">iteration</text>") && picture.contains(">loss</text>"))
        // The loss falls by decades: a log axis, ticks at powers of ten.
        #expect(picture.contains(">0.1</text>") && picture.contains(">1</text>") && picture.contains(">10</text>"))
    }

    @Test func badInputIsOneLineAndExitCodeTwo() throws {
        let path = try regressionCSV(rows: 5)
        let broken = path + ".bad.csv"
        try "a,y\n1,2\n3,oops\n".write(toFile: broken, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path); try? FileManager.default.removeItem(atPath: broken) }
        let cases: [([String], String)] = [
            (["fit", path, "--target", "nope"], "no column named 'nope'"),
            (["fit", broken, "--target", "y"], "line 3, column 2 (y): 'oops' is not a number"),
            (["fit", path, "--target", "y", "--optimizer", "newton"], "unknown optimizer 'newton'"),
            (["fit", path, "--target", "y", "--lr=-1"], "invalid learning rate -1"),
            (["fit", "/no/such.csv", "--target", "y"], "cannot read /no/such.csv"),
            (["fit", path, "--target", "y", "--stream"], "--stream works with --optimizer sgd only"),
        ]
        for (arguments, message) in cases {
            let run = try runSlope(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.hasPrefix("slope: error: "), "\(arguments)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func streamingSGD() throws {
        let path = try regressionCSV(rows: 2000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try runSlope(["fit", path, "--target", "y", "--optimizer", "sgd", "--stream", "--epochs", "10", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try object(run.stdout)
        #expect(json["optimizer"] as? String == "sgd-streaming")
        #expect((json["loss"] as! Double) < 1e-3)
        #expect(json["gap"] is NSNull)
    }
}
