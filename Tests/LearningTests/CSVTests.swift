import Testing
import Foundation
import Optimizers
@testable import Learning

@Suite struct CSVTests {
    @Test func loadsChosenColumnsInOrder() throws {
        let text = "a, b ,y,\"c\"\r\n1,2,3,4\r\n\r\n5,6e1,-7.5,8\n"
        let data = try parseCSV(Array(text.utf8), target: "y", features: ["c", "a"])
        #expect(data.featureNames == ["c", "a"])
        #expect(data.features == [4, 1, 8, 5])
        #expect(data.targets == [3, -7.5])
        let all = try parseCSV(Array(text.utf8), target: "y")
        #expect(all.featureNames == ["a", "b", "c"])
        #expect(all.features == [1, 2, 4, 5, 60, 8])
    }

    @Test func errorsNameTheLineAndColumn() throws {
        let header = "x1,x2,y\n"
        #expect(throws: LearningError.missingValue(line: 3, column: 2, name: "x2")) {
            try parseCSV(Array((header + "1,2,3\n4,,6\n").utf8), target: "y")
        }
        #expect(throws: LearningError.notANumber(line: 2, column: 3, name: "y", text: "abc")) {
            try parseCSV(Array((header + "1,2,abc\n").utf8), target: "y")
        }
        #expect(throws: LearningError.fieldCount(line: 4, expected: 3, actual: 2)) {
            try parseCSV(Array((header + "1,2,3\n1,2,3\n1,2\n").utf8), target: "y")
        }
        #expect(throws: LearningError.unknownColumn(name: "z", available: ["x1", "x2", "y"])) {
            try parseCSV(Array(header.utf8), target: "z")
        }
        #expect(throws: LearningError.columnChoice("the target 'y' cannot also be a feature")) {
            try parseCSV(Array((header + "1,2,3\n").utf8), target: "y", features: ["x1", "y"])
        }
        #expect(throws: LearningError.columnChoice("feature 'x1' is listed twice")) {
            try parseCSV(Array((header + "1,2,3\n").utf8), target: "y", features: ["x1", "x2", "x1"])
        }
        #expect(throws: LearningError.self) { try parseCSV(Array((header + "1,2,3\n").utf8), target: "y", features: []) }
        #expect(throws: LearningError.noData("the file has a header but no data rows")) {
            try parseCSV(Array(header.utf8), target: "y")
        }
        #expect(throws: LearningError.self) { try loadCSV(path: "/no/such/file.csv", target: "y") }
        // Unused columns are not parsed, so text there is fine.
        #expect(try parseCSV(Array("name,x,y\nann,1,2\n".utf8), target: "y", features: ["x"]).features == [1])
        let message = LearningError.notANumber(line: 7, column: 3, name: "y", text: "abc").description
        #expect(message == "line 7, column 3 (y): 'abc' is not a number")
    }

    @Test func errorLinesAreRightWhenALargeFileIsParsedOnSeveralCores() throws {
        var text = "x,y\n"
        let rows = 300_000
        for i in 0..<rows { text += "\(i),\(2 * i)\n" }
        let good = try parseCSV(Array(text.utf8), target: "y")
        #expect(good.count == rows)
        #expect(good.features[rows - 1] == Double(rows - 1))
        #expect(good.targets[123_456] == 246_912)
        var bad = Array(text.utf8)
        // Corrupt the x cell of the data row at file line 250 001 (0-based row 249 999).
        let marker = Array("249999,499998\n".utf8)
        let at = bad.firstRange(of: marker)!.lowerBound
        bad[at] = UInt8(ascii: "q")
        #expect(throws: LearningError.notANumber(line: 250_001, column: 1, name: "x", text: "q49999")) {
            try parseCSV(bad, target: "y")
        }
    }

    @Test func blankLinesAndEveryDigitRunLengthAcrossParallelPieces() throws {
        // Digit runs of 1…21 digits on both sides of the point (the scanner reads 8 digits at a time),
        // blank lines and \r\n line ends, in a file large enough to be cut into several pieces.
        var text = "x,y\n", expected: [Double] = [], lines: [Int] = []
        var state: UInt64 = 7, line = 2
        while text.utf8.count < 3 << 20 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let whole = String(String(state, radix: 10).prefix(Int(state >> 59) % 21 + 1))
            let fraction = String(String(state >> 7, radix: 10).prefix(Int(state >> 40) % 22))
            let cell = (state & 1 == 0 ? "-" : "") + whole + (fraction.isEmpty && state & 2 == 0 ? "" : "." + fraction)
            text += "\(line),\(cell)" + (state & 4 == 0 ? "\n" : "\r\n")
            expected.append(strtod(cell, nil))
            lines.append(line)
            line += 1
            if state & 0xF0 == 0 { text += state & 8 == 0 ? "\n" : "\r\n"; line += 1 }
        }
        let data = try parseCSV(Array(text.utf8), target: "y")
        #expect(data.targets == expected)
        #expect(data.features == lines.map(Double.init))
        // A lone point or sign is not a number.
        for cell in [".", "-.", "-", ".e5"] {
            #expect(throws: LearningError.notANumber(line: 3, column: 2, name: "y", text: cell)) {
                try parseCSV(Array("x,y\n1,2\n3,\(cell)\n".utf8), target: "y")
            }
        }
    }

    @Test func fastNumberParserAgreesWithStrtod() throws {
        let fixed = ["0", "-0", "1", "3.14159", "-2.5e-3", "1e22", "1e23", "123456789012345678901234", ".5", "5.",
                     "0.1", "4.9e-324", "1.7976931348623157e308", "+7", "2.2250738585072014e-308", "9007199254740993"]
        var state: UInt64 = 12345
        var random: [String] = []
        for _ in 0..<2000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let mantissa = Double(Int64(bitPattern: state) >> 20) / 1e6
            let exponent = Int(state % 41) - 20
            random.append("\(mantissa)e\(exponent)")
            random.append(String(format: "%.17g", mantissa))
        }
        for text in fixed + random {
            let parsed = Array(text.utf8).withUnsafeBufferPointer { parseDouble($0) }
            #expect(parsed == strtod(text, nil), "\(text)")
        }
        for bad in ["", "-", "1e", "1.2.3", "abc", "1e5x", "nan", "inf", "1e400"] {
            #expect(Array(bad.utf8).withUnsafeBufferPointer { parseDouble($0) } == nil, "\(bad)")
        }
        // The CSV parser's in-line scanner gives the same numbers (with \n and \r\n line ends).
        let texts = fixed + random
        let csv = "y\n" + texts.enumerated().map { $0.element + ($0.offset % 2 == 0 ? "\n" : "\r\n") }.joined()
        let parsed = try parseCSV(Array(csv.utf8), target: "y")
        #expect(parsed.targets == texts.map { strtod($0, nil) })
    }

    @Test func streamingReadsTheSameRowsAsLoading() throws {
        var text = "a,b,y\n"
        for i in 0..<5000 { text += "\(i % 7),\(Double(i) / 100),\(i % 7 * 2 + 1)\n" }
        let path = try temporaryFile(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try loadCSV(path: path, target: "y")
        var stream = try CSVStream(path: path, target: "y", features: nil, readSize: 1000)
        var features: [Double] = [], targets: [Double] = []
        while let block = try stream.nextBlock(maximumRows: 700) {
            features += block.features
            targets += block.targets
        }
        #expect(features == loaded.features)
        #expect(targets == loaded.targets)
        // Errors in a stream name the file line too.
        let bad = try temporaryFile("a,y\n1,2\n3,x\n")
        defer { try? FileManager.default.removeItem(atPath: bad) }
        var badStream = try CSVStream(path: bad, target: "y", features: nil, readSize: 3)
        #expect(throws: LearningError.notANumber(line: 3, column: 2, name: "y", text: "x")) {
            while try badStream.nextBlock(maximumRows: 1) != nil {}
        }
    }

    @Test func streamingSGDLearnsTheModel() throws {
        var text = "x,y\n"
        let xs = gaussian(4000, seed: 8)
        for x in xs { text += "\(x),\(3 * x - 1)\n" }
        let path = try temporaryFile(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = FitOptions()
        options.method = .sgd
        options.epochs = 5
        let report = try fitLinearRegressionStreaming(path: path, target: "y", features: nil, options: options)
        #expect(abs(report.weights[0] - 3) < 1e-3)
        #expect(abs(report.bias + 1) < 1e-3)
        #expect(report.loss < 1e-6)
        #expect(report.history.count == 5)
    }
}
