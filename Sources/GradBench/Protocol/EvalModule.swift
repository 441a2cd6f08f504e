/// One GradBench eval as Slope implements it: a module name and its functions.
///
/// `prepare` decodes an `evaluate` message's input once (outside the timed region) and returns
/// the work to time; the session runs it as often as the input's `min_runs`/`min_seconds` ask.
public protocol EvalModule {
    /// The module name the eval sends in `define` (`"llsq"`).
    static var name: String { get }
    /// The names of the functions it answers (`["primal", "gradient"]`).
    static var functions: [String] { get }
    /// Decodes `input` for `function` and returns the computation to run and time.
    static func prepare(function: String, input: JSONValue) throws -> PreparedEvaluation
}

/// A decoded evaluation ready to run: `run` does the timed work and keeps its result; `output`
/// encodes the last result as the eval's documented output shape.
public struct PreparedEvaluation {
    /// Runs the function once (the timed part).
    public let run: () -> Void
    /// The output of the last run, in the eval's JSON shape (not timed).
    public let output: () -> JSONValue

    /// Wraps a computation and the encoding of its result.
    public init<Result>(_ compute: @escaping () -> Result, encode: @escaping (Result) -> JSONValue) {
        let box = ResultBox<Result>()
        run = { box.value = compute() }
        output = { box.value.map(encode) ?? .null }
    }

    /// A computation that overwrites one result in place, run after run (a large output's memory is
    /// then allocated and faulted in once, not on every run).
    public init<Result>(reusing initial: Result, _ compute: @escaping (inout Result) -> Void,
                        encode: @escaping (Result) -> JSONValue) {
        let box = ResultBox<Result>()
        box.value = initial
        var ran = false
        run = {
            compute(&box.value!)
            ran = true
        }
        output = { ran ? box.value.map(encode) ?? .null : .null }
    }

    /// A computation returning one number.
    public static func number(_ compute: @escaping () -> Double) -> PreparedEvaluation {
        PreparedEvaluation(compute, encode: JSONValue.number)
    }

    /// A computation returning a vector.
    public static func vector(_ compute: @escaping () -> [Double]) -> PreparedEvaluation {
        PreparedEvaluation(compute, encode: JSONValue.numbers)
    }
}

/// How many times to run an evaluation: at least `minRuns` times and until `minSeconds` have
/// accumulated (the protocol's `Runs`).
public struct Runs: Equatable, Sendable {
    /// The least number of runs.
    public var minRuns: Int
    /// The least accumulated run time in seconds.
    public var minSeconds: Double

    /// Creates a run policy.
    public init(minRuns: Int = 1, minSeconds: Double = 0) {
        self.minRuns = minRuns
        self.minSeconds = minSeconds
    }

    /// Reads `min_runs` and `min_seconds` from an input object; absent fields mean one run.
    public init(input: JSONValue) throws {
        minRuns = input["min_runs"] == nil ? 1 : try input.int("min_runs", minimum: 1)
        minSeconds = input["min_seconds"] == nil ? 0 : try input.double("min_seconds")
        guard minSeconds.isFinite, minSeconds >= 0, minSeconds <= 3600 else {
            throw GradBenchError.badValue(field: "input.min_seconds", reason: "must be between 0 and 3600")
        }
    }
}

/// Holds the last result of a prepared evaluation.
private final class ResultBox<Value> {
    var value: Value?
}
