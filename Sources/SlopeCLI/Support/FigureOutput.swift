import Foundation
import Slope
import Tour

/// Writes a figure to `path` (creating its directory), adds a PNG next to it when `rsvg-convert`
/// is installed, and returns the files written.
func writeFigure(_ figure: some SVGRenderable, to path: String) throws -> [String] {
    let url = URL(fileURLWithPath: path)
    guard url.pathExtension.lowercased() == "svg" else {
        throw Failure("the figure file '\(path)' must end in .svg")
    }
    do {
        try figure.write(to: url)
    } catch {
        throw Failure("cannot write \(path): \(error.localizedDescription)")
    }
    return [url.path] + (convertToPNG(url).map { [$0.path] } ?? [])
}
