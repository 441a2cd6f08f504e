import Foundation

/// Converts an SVG file to PNG next to it with `rsvg-convert` when that program is on the PATH.
///
/// Returns the PNG's URL, or nil when `rsvg-convert` is not installed or the conversion failed
/// (PNGs are a convenience; the SVG is the figure).
public func convertToPNG(_ svg: URL, zoom: Double = 1.5) -> URL? {
    guard let program = findExecutable("rsvg-convert") else { return nil }
    let png = svg.deletingPathExtension().appendingPathExtension("png")
    let process = Process()
    process.executableURL = program
    process.arguments = ["--zoom", "\(zoom)", "--background-color", "white", "-o", png.path, svg.path]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
        try process.run()
        process.waitUntilExit()
    } catch {
        return nil
    }
    return process.terminationStatus == 0 ? png : nil
}

/// The first executable called `name` on the PATH.
func findExecutable(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
        let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
}
