import Foundation

/// A one-line progress bar with the current loss on standard error — only when standard error is a
/// terminal, and only once a run has lasted longer than a moment (so quick runs print nothing).
final class ProgressBar {
    private let enabled = isatty(STDERR_FILENO) != 0
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// Redraws at most ten times a second.
    func update(iteration: Int, of total: Int, loss: Double) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(start) > 0.3, now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let fraction = total > 0 ? min(1, Double(iteration + 1) / Double(total)) : 1
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let line = String(format: "\r%@ %3.0f%%  iteration %d/%d  loss %.6g", bar, fraction * 100, iteration + 1, total, loss)
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    /// Clears the bar.
    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
