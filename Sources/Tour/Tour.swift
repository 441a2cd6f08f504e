import Foundation
import Plots

/// `slope tour`: the article "Understanding the Basics of Gradients", section by section, computed
/// and checked by Slope, with figures.
///
/// ```swift
/// let report = try Tour.run(sections: [1, 3], figureDirectory: URL(fileURLWithPath: "slope-tour"))
/// report.passed                                   // every check held
/// report.value("f′(1.5)", inSection: 1)           // [3]
/// ```
public enum Tour {
    /// The article's sections the tour covers.
    public static let sectionNumbers = Array(1...5)

    /// Computes section `n`: its numbers and checks, and the figures it would draw.
    public static func build(section n: Int) throws -> (section: TourSection, figures: [TourFigure]) {
        switch n {
        case 1: return try DerivativeSection.build()
        case 2: return try GradientSection.build()
        case 3: return try SubgradientSection.build()
        case 4: return try ChainRuleSection.build()
        case 5: return try PracticalSection.build()
        default: throw TourError.noSuchSection(n)
        }
    }

    /// Runs the given sections (all by default); writes their figures into `figureDirectory` when
    /// one is given (and PNGs next to them when `rsvg-convert` is installed and `png` is true).
    public static func run(sections: [Int]? = nil, figureDirectory: URL? = nil, png: Bool = true) throws -> TourReport {
        var report = TourReport(sections: [], figureDirectory: figureDirectory?.path)
        for n in sections ?? sectionNumbers {
            var (section, figures) = try build(section: n)
            section.figures = try figures.map { figure in
                var reference = figure.reference
                if let directory = figureDirectory {
                    let url = directory.appendingPathComponent(figure.file)
                    do {
                        try figure.document.write(to: url)
                    } catch {
                        throw TourError.cannotWrite(path: url.path, reason: "\(error.localizedDescription)")
                    }
                    reference.path = url.path
                    if png { reference.png = convertToPNG(url)?.path }
                }
                return reference
            }
            report.sections.append(section)
        }
        return report
    }
}

/// Why the tour could not run, in one line.
public enum TourError: Error, Equatable, CustomStringConvertible {
    /// A section number outside 1…5.
    case noSuchSection(Int)
    /// A figure could not be written.
    case cannotWrite(path: String, reason: String)

    /// One actionable line.
    public var description: String {
        switch self {
        case .noSuchSection(let n):
            "no section \(n): the tour has sections 1 to \(Tour.sectionNumbers.count)"
        case let .cannotWrite(path, reason):
            "cannot write \(path): \(reason); choose another directory with --out"
        }
    }
}
