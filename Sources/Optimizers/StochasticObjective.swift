/// The loss of one mini-batch, as a function of the parameters: its value and gradient.
public typealias BatchLoss = ([Double]) throws -> (value: Double, gradient: [Double])

/// A loss that is a mean over samples, so that mini-batches estimate it: what SGD minimizes.
///
/// Conformers decide how an epoch is cut into batches: in memory (shuffle all indices), or
/// streamed from a file too large for memory (shuffle within a buffer).
public protocol StochasticObjective {
    /// The number of parameters.
    var dimension: Int { get }
    /// Visits one epoch's mini-batches of (about) `batchSize` samples, in the order SGD should see them.
    mutating func forEachBatch<G: RandomNumberGenerator>(size batchSize: Int, using generator: inout G,
                                                         _ body: (BatchLoss) throws -> Void) throws
}

/// An in-memory sum-of-samples loss: `count` samples and a function giving the mean loss and
/// gradient over any subset of sample indices. Each epoch visits a fresh shuffle of all samples
/// (determined by the generator alone, so runs with one seed are reproducible).
///
/// ```swift
/// // f(x) = mean over i of (x − aᵢ)²
/// let a = [1.0, 2, 3, 4]
/// let samples = SampledObjective(dimension: 1, count: a.count) { x, batch in
///     let r = batch.map { x[0] - a[$0] }
///     return (r.map { $0 * $0 }.reduce(0, +) / Double(batch.count), [2 * r.reduce(0, +) / Double(batch.count)])
/// }
/// ```
public struct SampledObjective: StochasticObjective {
    /// The number of parameters.
    public let dimension: Int
    /// The number of samples.
    public let count: Int
    /// The mean loss and gradient over the given sample indices.
    public let batchLoss: ([Double], ArraySlice<Int>) throws -> (value: Double, gradient: [Double])
    private var order: [Int]

    /// Creates the objective.
    public init(dimension: Int, count: Int,
                batchLoss: @escaping ([Double], ArraySlice<Int>) throws -> (value: Double, gradient: [Double])) {
        self.dimension = dimension
        self.count = count
        self.batchLoss = batchLoss
        self.order = Array(0..<count)
    }

    /// Shuffles the samples and cuts them into consecutive batches.
    public mutating func forEachBatch<G: RandomNumberGenerator>(size batchSize: Int, using generator: inout G,
                                                                _ body: (BatchLoss) throws -> Void) throws {
        // Shuffle from the identity, so an epoch depends on the generator alone.
        for i in order.indices { order[i] = i }
        order.shuffle(using: &generator)
        var start = 0
        while start < count {
            let batch = order[start..<Swift.min(start + batchSize, count)]
            try body { x in try batchLoss(x, batch) }
            start += batchSize
        }
    }
}
