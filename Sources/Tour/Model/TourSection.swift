/// A named numeric result shown in the tour (a scalar is a one-element vector).
public struct TourValue: Sendable, Codable, Equatable {
    /// What it is, e.g. "f′(1.5)".
    public let name: String
    /// Its components.
    public let value: [Double]
    /// Whether the two components are the ends of an interval (a subdifferential) rather than a vector.
    public let isInterval: Bool

    /// A named vector, or an interval [value[0], value[1]].
    public init(_ name: String, _ value: [Double], isInterval: Bool = false) {
        self.name = name
        self.value = value
        self.isInterval = isInterval
    }

    /// A named scalar.
    public init(_ name: String, _ value: Double) { self.init(name, [value]) }
}

/// One worked example of a section: the formula, Slope's symbolic result (with steps where the
/// article shows steps), numbers at a concrete point, and the checks that back them.
public struct TourExample: Sendable, Codable, Equatable {
    /// A short heading.
    public let title: String
    /// The function, as the article writes it.
    public let formula: String
    /// Slope's symbolic result (one line per result).
    public var symbolic: [String]
    /// The derivation's steps, when the article shows steps.
    public var steps: [String]
    /// The concrete point, e.g. "x = 1.5".
    public let point: String
    /// The numbers at that point.
    public var values: [TourValue]
    /// The checks behind the numbers.
    public var checks: [TourCheck]
    /// Remarks that connect the numbers to the idea.
    public var notes: [String]

    /// An example; symbolic lines, steps, values, checks and notes can be filled in afterwards.
    public init(title: String, formula: String, point: String, symbolic: [String] = [], steps: [String] = [],
                values: [TourValue] = [], checks: [TourCheck] = [], notes: [String] = []) {
        self.title = title
        self.formula = formula
        self.point = point
        self.symbolic = symbolic
        self.steps = steps
        self.values = values
        self.checks = checks
        self.notes = notes
    }
}

/// A figure the tour drew: its file name and what it shows.
public struct TourFigureReference: Sendable, Codable, Equatable {
    /// The SVG file name, e.g. "1-derivative.svg".
    public let file: String
    /// One line saying what it shows.
    public let caption: String
    /// Where it was written (nil when figures were not written).
    public var path: String?
    /// The PNG written next to it when `rsvg-convert` is installed.
    public var png: String?
}

/// One section of the article, computed.
public struct TourSection: Sendable, Codable, Equatable {
    /// The article's section number (1…5).
    public let number: Int
    /// The article's section title.
    public let title: String
    /// The idea in two or three sentences.
    public let summary: String
    /// The worked examples.
    public var examples: [TourExample]
    /// The figures drawn for this section.
    public var figures: [TourFigureReference]

    /// Every check of every example.
    public var checks: [TourCheck] { examples.flatMap(\.checks) }
    /// Whether every check passed.
    public var passed: Bool { checks.allSatisfy(\.passed) }
}

/// The whole tour (or the sections asked for).
public struct TourReport: Sendable, Codable, Equatable {
    /// The sections, in order.
    public var sections: [TourSection]
    /// The directory figures were written to, if any.
    public var figureDirectory: String?

    /// Every check in the report.
    public var checks: [TourCheck] { sections.flatMap(\.checks) }
    /// Whether every check passed.
    public var passed: Bool { checks.allSatisfy(\.passed) }

    /// The section numbered `n`, if it was run.
    public func section(_ n: Int) -> TourSection? { sections.first { $0.number == n } }
    /// The value named `name` in section `n`, searched across its examples.
    public func value(_ name: String, inSection n: Int) -> [Double]? {
        section(n)?.examples.lazy.flatMap(\.values).first { $0.name == name }?.value
    }
}
