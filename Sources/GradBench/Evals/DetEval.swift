import AutoDiff

/// The `det` eval: the determinant of an ℓ×ℓ matrix by expansion by minors along the first row
/// (recursive, as cmpad's `det_by_minor`), and its gradient (reverse mode, each 6×6 minor
/// preaccumulated into one node of 36 partials).
public enum DetEval: EvalModule {
    /// `"det"`.
    public static let name = "det"
    /// `primal` and `gradient`.
    public static let functions = ["primal", "gradient"]

    /// det A for a row-major ℓ×ℓ matrix, written once for every scalar type.
    ///
    /// Minors of `cutoff` rows go through `T.preaccumulating`: for reverse mode each is one node of
    /// cutoff² partials on the tape (its own record swept at once, in cache); for other types the
    /// same recursion, called directly. A cutoff below 3 or at least ℓ turns it off.
    public static func objective<T: Scalar>(_ a: [T], ell: Int, cutoff: Int = preaccumulationCutoff) -> T {
        precondition(a.count == ell * ell, "det of an ℓ×ℓ matrix needs ℓ² entries")
        guard ell > 0 else { return 1 }  // the empty product
        let m = cutoff >= 3 && cutoff < ell ? cutoff : 0
        // Row r of `columns` lists the columns left in the minor of rows r..<ℓ; after it, room for
        // the column lists of one preaccumulated m×m minor.
        var columns = [Int](repeating: 0, count: ell * ell + m * m)
        for c in 0..<ell { columns[c] = c }
        var gathered = [T](repeating: 0, count: Swift.max(m * m, 1))
        return a.withUnsafeBufferPointer { entries in
            columns.withUnsafeMutableBufferPointer { lists in
                gathered.withUnsafeMutableBufferPointer { scratch in
                    var hook = Hook(cutoff: m, local: Determinant(size: m, columns: lists.baseAddress! + ell * ell),
                                    gathered: scratch.baseAddress!)
                    return withUnsafePointer(to: &hook) { hook in
                        minor(entries.baseAddress!, ell: ell, row: 0, columns: lists.baseAddress!, count: ell, hook: m == 0 ? nil : hook)
                    }
                }
            }
        }
    }

    /// The minor size preaccumulated as one node. 6×6: the private tape (1955 entries, 47 kB) stays
    /// in L1/L2 and the outer tape shrinks ≈ 50-fold (35 chain entries per minor); 5 and 7 measured
    /// within 5% of it at ℓ = 6…10.
    public static let preaccumulationCutoff = 6

    /// What a minor of the cutoff size needs to go through the hook: the function and room to
    /// gather its entries. Passed by pointer, so that the recursion keeps its arguments in registers.
    struct Hook<T: Scalar> {
        /// The size of the minors that go through the hook.
        let cutoff: Int
        /// The determinant of the gathered minor.
        let local: Determinant
        /// Room for cutoff² entries.
        let gathered: UnsafeMutablePointer<T>
    }

    /// The determinant of the minor made of rows `row..<ell` and the `count` columns listed at
    /// `columns[row·ell...]`, expanded along its first row; minors of the hook's size (if any) through it.
    private static func minor<T: Scalar>(_ a: UnsafePointer<T>, ell: Int, row: Int, columns: UnsafeMutablePointer<Int>,
                                         count: Int, hook: UnsafePointer<Hook<T>>?) -> T {
        // Indices stay below ℓ² (ℓ ≤ 12), so their arithmetic is unchecked.
        let base = row &* ell
        let current = columns + base
        if count == 1 { return a[base &+ current[0]] }
        if count == 2 {
            let next = base &+ ell
            return a[base &+ current[0]] * a[next &+ current[1]] - a[base &+ current[1]] * a[next &+ current[0]]
        }
        if let hook, count == hook.pointee.cutoff {
            let gathered = hook.pointee.gathered
            for r in 0..<count {
                for c in 0..<count { gathered[r &* count &+ c] = a[base &+ r &* ell &+ current[c]] }
            }
            return T.preaccumulating(hook.pointee.local, at: UnsafeBufferPointer(start: gathered, count: count &* count))
        }
        // The sub-minor's column list is the current one without column j; going from j − 1 to j
        // changes one entry of it.
        let next = current + ell
        for t in 1..<count { next[t &- 1] = current[t] }
        var sum: T = 0
        for j in 0..<count {
            if j > 0 { next[j &- 1] = current[j &- 1] }
            let term = a[base &+ current[j]] * minor(a, ell: ell, row: row &+ 1, columns: columns, count: count &- 1, hook: hook)
            if j == 0 { sum = term } else if j & 1 == 0 { sum += term } else { sum -= term }
        }
        return sum
    }

    /// The determinant of a row-major `size`×`size` matrix by the same expansion by minors, as a
    /// function reverse mode can preaccumulate.
    struct Determinant: LocalFunction {
        /// The matrix's order.
        let size: Int
        /// Room for the expansion's column lists (`size`² entries).
        let columns: UnsafeMutablePointer<Int>

        func callAsFunction<S: Scalar>(_ entries: UnsafeBufferPointer<S>) -> S {
            for c in 0..<size { columns[c] = c }
            return minor(entries.baseAddress!, ell: size, row: 0, columns: columns, count: size, hook: nil)
        }
    }

    /// Decodes `{A, ell}`.
    public static func prepare(function: String, input: JSONValue) throws -> PreparedEvaluation {
        let ell = try input.int("ell", minimum: 1)
        // Expansion by minors costs ℓ! operations; the gradient (≈ 6× the primal) is held one size lower.
        let limit = function == "primal" ? 12 : 11
        guard ell <= limit else {
            throw GradBenchError.badValue(field: "input.ell", reason: "must be at most \(limit) for \(function) (expansion by minors costs ℓ!)")
        }
        let a = try input.doubles("A", count: ell * ell)
        if function == "primal" { return .number { objective(a, ell: ell) } }
        let tape = Tape<Double>()
        return .vector { valueWithGradient(at: a, on: tape) { objective($0, ell: ell) }.gradient }
    }
}
