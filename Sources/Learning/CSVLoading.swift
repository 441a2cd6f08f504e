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
    try withFileBytes(path) { try parseCSV($0, target: target, features: features) }
}

/// Calls `body` with the bytes of a file, read into memory. (Not memory-mapped: a file truncated by
/// another process while mapped would kill the process with SIGBUS instead of raising an error.)
func withFileBytes<Result>(_ path: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) throws -> Result {
    try readFile(path).withUnsafeBufferPointer(body)
}

/// Parses CSV text (bytes) into a data set; see `loadCSV(path:target:features:)`.
public func parseCSV(_ bytes: [UInt8], target: String, features: [String]? = nil) throws -> Dataset {
    try bytes.withUnsafeBufferPointer { try parseCSV($0, target: target, features: features) }
}

/// Parses CSV bytes in two parallel passes over pieces cut at line boundaries: the first counts each
/// piece's newlines (which gives its first line number and an exact bound on its rows), the second
/// parses each piece straight into its own rows of the final buffers.
func parseCSV(_ buffer: UnsafeBufferPointer<UInt8>, target: String, features: [String]?) throws -> Dataset {
    let (columns, bodyStart) = try readHeader(buffer, target: target, features: features)
    let parser = CSVRowParser(columns)
    let d = columns.features.count
    let body = UnsafeBufferPointer(rebasing: buffer[bodyStart...])
    // Several pieces per core, so that a core slowed by other work does not hold up the end.
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let pieces = chunkCount(count: body.count, minimumChunk: 1 << 20, maximumChunks: 4 * cores)
    var cuts = [0]
    for c in 1..<pieces {
        var k = Swift.max(c * body.count / pieces, cuts[c - 1])
        while k < body.count && body[k] != UInt8(ascii: "\n") { k += 1 }
        cuts.append(Swift.min(k + 1, body.count))
    }
    cuts.append(body.count)
    func piece(_ c: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: body[cuts[c]..<cuts[c + 1]]) }

    // Pass 1: newlines per piece. Piece c holds at most newlines + 1 rows (+1 for a last line
    // without a newline) and starts at file line 2 + the newlines before it.
    var newlines = [Int](repeating: 0, count: pieces)
    newlines.withUnsafeMutableBufferPointer { out in
        _ = parallelChunks(count: pieces, minimumChunk: 1, maximumChunks: pieces) { c, _ in out[c] = countNewlines(piece(c)) }
    }
    var firstRow = [0], firstLine = [2]
    for c in 0..<pieces {
        firstRow.append(firstRow[c] + newlines[c] + (c == pieces - 1 ? 1 : 0))
        firstLine.append(firstLine[c] + newlines[c])
    }
    let capacity = firstRow[pieces]

    // Pass 2: parse every piece into its rows; a piece with blank lines leaves unused rows at its end.
    func fill(_ f: UnsafeMutablePointer<Double>, _ t: UnsafeMutablePointer<Double>) throws -> Int {
        var rows = [Int](repeating: 0, count: pieces)
        var failures = [Error?](repeating: nil, count: pieces)
        rows.withUnsafeMutableBufferPointer { rows in
            failures.withUnsafeMutableBufferPointer { failures in
                _ = parallelChunks(count: pieces, minimumChunk: 1, maximumChunks: pieces) { c, _ in
                    do {
                        rows[c] = try parser.parseRows(piece(c), firstLine: firstLine[c], final: true,
                                                       features: f + firstRow[c] * d, targets: t + firstRow[c]).rows
                    } catch { failures[c] = error }
                }
            }
        }
        // The first failing piece holds the file's first error.
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        // Close the gaps left by blank lines (rows only ever move down, so memmove).
        var filled = 0
        for c in 0..<pieces {
            if filled != firstRow[c] {
                memmove(f + filled * d, f + firstRow[c] * d, rows[c] * d * MemoryLayout<Double>.stride)
                memmove(t + filled, t + firstRow[c], rows[c] * MemoryLayout<Double>.stride)
            }
            filled += rows[c]
        }
        return filled
    }
    var targets: [Double] = []
    // At least one element each, so that both buffers have an address even when d = 0.
    let allFeatures = try [Double](unsafeUninitializedCapacity: Swift.max(capacity * d, 1)) { f, n in
        targets = try [Double](unsafeUninitializedCapacity: capacity) { t, m in
            m = try fill(f.baseAddress!, t.baseAddress!)
            n = m * d
        }
    }
    if targets.isEmpty { throw LearningError.noData("the file has a header but no data rows") }
    return try Dataset(features: allFeatures, targets: targets, featureNames: columns.featureNames,
                       targetName: columns.header[columns.target])
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
