import ArgumentParser
import Foundation
import Slope

/// `slope fit`: linear regression on a CSV file by gradient descent and friends, compared with the
/// exact least-squares solution.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a linear model ŷ = w·x + b to a CSV file by minimizing the mean squared error.",
        discussion: """
        The file needs a header row. Every column except the target is a feature unless --features \
        names them. Without --lr the step is derived from the data (1/L, L the Lipschitz constant of \
        the gradient), so the default run converges. With --l1 the loss is non-smooth and gd becomes \
        the subgradient method with diminishing steps. The answer is compared with the exact \
        least-squares solution (gap = distance between the two parameter vectors).

        Examples:
          slope fit houses.csv --target price
          slope fit houses.csv --target price --features area,rooms --optimizer adam --lr 0.05 --json
          slope fit big.csv --target y --optimizer sgd --batch 64 --epochs 5 --plot loss.svg
        """
    )

    @Argument(help: "The CSV file (header row, numeric cells).")
    var file: String

    @Option(help: "The target column.")
    var target: String

    @Option(help: "Feature columns, comma-separated (default: every other column).")
    var features: String?

    @Option(help: "gd | sgd | momentum | nesterov | adam | exact.")
    var optimizer: String = "gd"

    @Option(name: .customLong("lr"), help: "The step size (default: derived from the data).")
    var learningRate: Double?

    @Option(help: "Iterations, or epochs for sgd (default: 10000, or 20 for sgd).")
    var epochs: Int?

    @Option(help: "The mini-batch size for sgd.")
    var batch: Int = 32

    @Option(help: "λ of an L1 penalty λ‖w‖₁ (lasso).")
    var l1: Double = 0

    @Option(help: "Stop when the gradient norm falls below this.")
    var tolerance: Double = 1e-8

    @Flag(help: "Standardize features before fitting (weights are reported in the original units).")
    var standardize = false

    @Flag(help: "Stream the file in blocks (sgd only; automatic for files larger than half the memory).")
    var stream = false

    @Option(help: "Write the loss curve to this SVG file.")
    var plot: String?

    @Flag(help: "Print the result as one JSON object.")
    var json = false

    func run() throws {
        guard let method = FitOptions.Method(rawValue: optimizer) else {
            throw Failure("unknown optimizer '\(optimizer)'; choose one of \(FitOptions.Method.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var options = FitOptions()
        options.method = method
        options.learningRate = learningRate
        options.epochs = epochs
        options.batchSize = batch
        options.l1 = l1
        options.tolerance = tolerance
        options.standardize = standardize
        let featureList = features.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

        let progress = ProgressBar()
        let report: FitReport
        if stream || (method == .sgd && !standardize && Self.exceedsHalfTheMemory(file)) {
            if method != .sgd { throw Failure("--stream works with --optimizer sgd only") }
            if standardize { throw Failure("--standardize cannot be combined with --stream") }
            report = try fitLinearRegressionStreaming(path: file, target: target, features: featureList, options: options,
                                                      progress: progress.update)
        } else {
            let data = try loadCSV(path: file, target: target, features: featureList)
            report = try fitLinearRegression(data, options: options, progress: progress.update)
        }
        progress.finish()

        if let plot {
            let losses = report.history.map(\.loss)
            var figure = Figure.lossCurve([(label: report.optimizer, losses: losses)],
                                          title: "slope fit: \(report.optimizer) on \(target)",
                                          logarithmic: spansDecades(losses))
            figure.xLabel = method == .sgd ? "epoch" : "iteration"
            do { try figure.svg().write(toFile: plot, atomically: true, encoding: .utf8) } catch {
                throw Failure("cannot write \(plot): \(error.localizedDescription)")
            }
        }
        print(json ? FitFormatting.json(report) : FitFormatting.text(report))
    }

    /// Whether a file is too large to load comfortably (more than half the physical memory).
    static func exceedsHalfTheMemory(_ path: String) -> Bool {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value ?? 0
        return size > ProcessInfo.processInfo.physicalMemory / 2
    }
}

/// Whether a loss curve reads better on a log scale: positive losses spanning more than two decades.
func spansDecades(_ losses: [Double]) -> Bool {
    let finite = losses.filter { $0.isFinite }
    guard let low = finite.min(), let high = finite.max(), low > 0 else { return false }
    return high / low > 100
}
