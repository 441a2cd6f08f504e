import ArgumentParser

/// A one-line error for the user: the CLI prints it and exits with code 2.
struct Failure: Error, CustomStringConvertible {
    /// What went wrong and what to do about it.
    let description: String
    init(_ description: String) { self.description = description }
}
