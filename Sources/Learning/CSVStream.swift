import Foundation
import Optimizers

/// Reads a CSV file in bounded memory: blocks of rows, parsed by the same row parser as
/// `loadCSV`, so files larger than memory can feed SGD.
///
/// ```swift
/// var stream = try CSVStream(path: "big.csv", target: "y", features: nil)
/// while let block = try stream.nextBlock(maximumRows: 65_536) { … block.features, block.targets … }
/// ```
public struct CSVStream {
    /// The resolved columns.
    public let columns: CSVColumns
    private let parser: CSVRowParser
    private let path: String
    private let handle: FileHandle
    private var pending: [UInt8] = []
    private var line: Int
    private var exhausted = false
    /// Bytes read per system call.
    public let readSize: Int

    /// Opens the file and reads its header.
    public init(path: String, target: String, features: [String]?, readSize: Int = 1 << 22) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LearningError.unreadable(path: path, reason: "no such file, or no permission")
        }
        self.path = path
        self.handle = handle
        self.readSize = readSize
        // Read until the header line is complete.
        var head: [UInt8] = []
        while !head.contains(UInt8(ascii: "\n")) {
            let data = try Self.read(handle, readSize, path)
            if data.isEmpty { break }
            head += data
        }
        let (columns, bodyStart) = try head.withUnsafeBufferPointer { try readHeader($0, target: target, features: features) }
        self.columns = columns
        self.parser = CSVRowParser(columns)
        self.pending = Array(head[bodyStart...])
        self.line = 2
    }

    private static func read(_ handle: FileHandle, _ count: Int, _ path: String) throws -> [UInt8] {
        do { return [UInt8](try handle.read(upToCount: count) ?? Data()) } catch {
            throw LearningError.unreadable(path: path, reason: error.localizedDescription)
        }
    }

    /// The next block of at most about `maximumRows` rows, or nil at the end of the file.
    public mutating func nextBlock(maximumRows: Int) throws -> (features: [Double], targets: [Double])? {
        var features: [Double] = [], targets: [Double] = []
        var starved = false
        while targets.count < maximumRows {
            if !exhausted && (pending.count < readSize || starved) {
                let data = try Self.read(handle, readSize, path)
                if data.isEmpty { exhausted = true } else { pending += data }
            }
            if pending.isEmpty && exhausted { break }
            let parser = self.parser, line = self.line, final = exhausted
            let (bytes, lines) = try pending.withUnsafeBufferPointer { buffer in
                try parser.parse(buffer, firstLine: line, final: final, features: &features, targets: &targets)
            }
            pending.removeFirst(bytes)
            self.line += lines
            starved = bytes == 0  // a line longer than what is buffered: read more
            if exhausted && pending.isEmpty { break }
        }
        return targets.isEmpty ? nil : (features, targets)
    }
}

/// Linear regression by SGD on a CSV file streamed block by block: each epoch re-reads the file,
/// shuffles the rows within each block and cuts the block into mini-batches, so memory stays
/// bounded by the block size whatever the file size.
public struct StreamingRegression: StochasticObjective {
    /// The file.
    public let path: String
    /// The resolved columns.
    public let columns: CSVColumns
    /// Rows held in memory at once.
    public let blockRows: Int
    /// λ of the L1 penalty.
    public let l1: Double
    /// The number of parameters (d + 1).
    public var dimension: Int { columns.features.count + 1 }
    private let target: String
    private let features: [String]?

    /// Prepares to stream `path` (reads its header to resolve the columns).
    public init(path: String, target: String, features: [String]?, l1: Double = 0, blockRows: Int = 1 << 16) throws {
        self.path = path
        self.target = target
        self.features = features
        self.l1 = l1
        self.blockRows = blockRows
        self.columns = try CSVStream(path: path, target: target, features: features).columns
    }

    /// Streams one epoch, block by block, shuffled within blocks.
    public mutating func forEachBatch<G: RandomNumberGenerator>(size batchSize: Int, using generator: inout G,
                                                                _ body: (BatchLoss) throws -> Void) throws {
        var stream = try CSVStream(path: path, target: target, features: features)
        while let block = try stream.nextBlock(maximumRows: blockRows) {
            let data = try Dataset(features: block.features, targets: block.targets, featureNames: columns.featureNames)
            let model = LinearRegression(data, l1: l1)
            var order = Array(0..<data.count)
            order.shuffle(using: &generator)
            var start = 0
            while start < order.count {
                let batch = order[start..<Swift.min(start + batchSize, order.count)]
                try body { p in model.batchLossAndGradient(at: p, rows: batch) }
                start += batchSize
            }
        }
    }
}
