import AutoDiff
import Optimizers

/// A minimization together with the points it visited, for drawing descent paths.
public struct RecordedMinimization: Sendable {
    /// The optimizer's result (point, value, iterations, history).
    public let result: MinimizationResult
    /// Every iterate at which the gradient was taken, starting point first.
    public let path: [[Double]]
}

/// Collects points from inside a `@Sendable` objective (which runs synchronously on this thread).
private final class PathRecorder: @unchecked Sendable {
    var points: [[Double]] = []
}

/// Runs `minimize` and also records the iterates: every point where the optimizer asked for a
/// gradient (line-search probes ask for values only, so they are not recorded).
///
/// ```swift
/// var gd = try GradientDescent(step: .fixed(0.1))
/// let run = try minimizeRecordingPath(Objective(dimension: 2) { v in v[0] * v[0] + v[1] * v[1] },
///                                     from: [1, 1], using: &gd)
/// run.path.count   // run.result.iterations + 1
/// ```
public func minimizeRecordingPath<O: Optimizer>(_ objective: Objective, from start: [Double], using optimizer: inout O,
                                                stopping: StoppingRule = StoppingRule()) throws -> RecordedMinimization {
    let recorder = PathRecorder()
    let recorded = Objective(dimension: objective.dimension,
                             valueWithGradient: { x in
                                 recorder.points.append(x)
                                 return try objective.valueWithGradient(x)
                             },
                             value: { x in try objective.value(x) })
    let result = try minimize(recorded, from: start, using: &optimizer, stopping: stopping)
    return RecordedMinimization(result: result, path: recorder.points)
}
