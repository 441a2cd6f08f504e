import Foundation
import Tensors

/// Reads a whole file into memory with plain POSIX reads (also the baseline that CSV parsing
/// throughput is measured against).
public func readFile(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY)
    if fd < 0 { throw LearningError.unreadable(path: path, reason: String(cString: strerror(errno))) }
    defer { close(fd) }
    var info = stat()
    if fstat(fd, &info) != 0 { throw LearningError.unreadable(path: path, reason: String(cString: strerror(errno))) }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw LearningError.unreadable(path: path, reason: "it is a directory") }
    var failure: Int32 = 0
    let size = Int(info.st_size)
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
        var total = 0
        while total < size {
            let got = read(fd, buffer.baseAddress! + total, size - total)
            if got < 0 { failure = errno; break }
            if got == 0 { break }
            total += got
        }
        initialized = total
    }
    if failure != 0 { throw LearningError.unreadable(path: path, reason: String(cString: strerror(failure))) }
    return bytes
}

/// Loads a regression data set from a CSV file with a header row.
///
/// ```swift
/// let data = try loadCSV(path: "houses.csv", target: "price", features: ["area", "rooms"])
/// ```
///
/// Missing or non-numeric cells in the chosen columns throw an error naming the line (the header
/// is line 1) and the column (1-based, with its name). Large files are parsed on all cores.
public func loadCSV(path: String, target: String, features: [String]? = nil) throws -> Dataset {
    let bytes = try readFile(path)
    return try parseCSV(bytes, target: target, features: features)
}

/// Parses CSV text (bytes) into a data set; see `loadCSV(path:target:features:)`.
public func parseCSV(_ bytes: [UInt8], target: String, features: [String]? = nil) throws -> Dataset {
    try bytes.withUnsafeBufferPointer { buffer in
        let (columns, bodyStart) = try readHeader(buffer, target: target, features: features)
        let parser = CSVRowParser(columns)
        let body = UnsafeBufferPointer(rebasing: buffer[bodyStart...])
        // Cut the body at line boundaries into one piece per core.
        let pieces = chunkCount(count: body.count, minimumChunk: 1 << 20)
        var cuts = [0]
        for c in 1..<Swift.max(pieces, 1) {
            var k = c * body.count / pieces
            while k < body.count && body[k] != UInt8(ascii: "\n") { k += 1 }
            cuts.append(Swift.min(k + 1, body.count))
        }
        cuts.append(body.count)
        var results = [Result<([Double], [Double]), Error>](repeating: .success(([], [])), count: pieces)
        let estimate = body.count / Swift.max(pieces, 1) / Swift.max(8 * (columns.features.count + 1), 1)
        results.withUnsafeMutableBufferPointer { out in
            _ = parallelChunks(count: pieces, minimumChunk: 1, maximumChunks: pieces) { _, range in
                for c in range {
                    out[c] = Result {
                        var f = [Double](), t = [Double]()
                        f.reserveCapacity(estimate * columns.features.count)
                        t.reserveCapacity(estimate)
                        let piece = UnsafeBufferPointer(rebasing: body[cuts[c]..<cuts[c + 1]])
                        // Line numbers of later pieces are fixed up below only if an error is thrown.
                        _ = try parser.parse(piece, firstLine: 2, final: true, features: &f, targets: &t)
                        return (f, t)
                    }
                }
            }
        }
        var allFeatures = [Double](), allTargets = [Double]()
        if pieces > 1 {
            let rows = results.reduce(0) { $0 + ((try? $1.get())?.1.count ?? 0) }
            allFeatures.reserveCapacity(rows * columns.features.count)
            allTargets.reserveCapacity(rows)
        }
        for (c, result) in results.enumerated() {
            switch result {
            case .success(let (f, t)):
                if pieces == 1 { allFeatures = f; allTargets = t } else { allFeatures += f; allTargets += t }
            case .failure(let error):
                let before = body[..<cuts[c]].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                throw shiftLines(error, by: before)
            }
        }
        if allTargets.isEmpty { throw LearningError.noData("the file has a header but no data rows") }
        return try Dataset(features: allFeatures, targets: allTargets, featureNames: columns.featureNames,
                           targetName: columns.header[columns.target])
    }
}

/// Reads the header line and resolves the columns; returns where the body starts.
func readHeader(_ buffer: UnsafeBufferPointer<UInt8>, target: String, features: [String]?) throws -> (CSVColumns, Int) {
    var end = 0
    while end < buffer.count && buffer[end] != UInt8(ascii: "\n") { end += 1 }
    var text = String(decoding: UnsafeBufferPointer(rebasing: buffer[..<end]), as: UTF8.self)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    if text.hasSuffix("\r") { text.removeLast() }
    if text.trimmingCharacters(in: .whitespaces).isEmpty { throw LearningError.noData("the file is empty (a header row is needed)") }
    return (try CSVColumns(header: parseHeader(Substring(text)), target: target, features: features), Swift.min(end + 1, buffer.count))
}

/// The same error with its line number moved down by `lines`.
func shiftLines(_ error: Error, by lines: Int) -> Error {
    guard let error = error as? LearningError else { return error }
    switch error {
    case let .missingValue(line, column, name): return LearningError.missingValue(line: line + lines, column: column, name: name)
    case let .notANumber(line, column, name, text):
        return LearningError.notANumber(line: line + lines, column: column, name: name, text: text)
    case let .fieldCount(line, expected, actual): return LearningError.fieldCount(line: line + lines, expected: expected, actual: actual)
    default: return error
    }
}
