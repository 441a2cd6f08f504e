import AutoDiff

/// The `det` eval: the determinant of an ℓ×ℓ matrix by expansion by minors along the first row
/// (recursive, as cmpad's `det_by_minor`), and its gradient (reverse mode).
public enum DetEval: EvalModule {
    /// `"det"`.
    public static let name = "det"
    /// `primal` and `gradient`.
    public static let functions = ["primal", "gradient"]

    /// det A for a row-major ℓ×ℓ matrix, written once for every scalar type.
    public static func objective<T: Scalar>(_ a: [T], ell: Int) -> T {
        var columns = Array(0..<ell)
        return minor(a, ell: ell, row: 0, columns: &columns, count: ell)
    }

    /// The determinant of the minor made of rows `row..<ell` and the first `count` entries of
    /// `columns` (which is permuted in place and restored).
    private static func minor<T: Scalar>(_ a: [T], ell: Int, row: Int, columns: inout [Int], count: Int) -> T {
        let base = row * ell
        if count == 1 { return a[base + columns[0]] }
        if count == 2 {
            let next = base + ell
            return a[base + columns[0]] * a[next + columns[1]] - a[base + columns[1]] * a[next + columns[0]]
        }
        var sum: T = 0
        // Expand along the row: move column j to the end, recurse on the first count − 1.
        for j in 0..<count {
            let column = columns[j]
            columns.remove(at: j)
            let term = a[base + column] * minor(a, ell: ell, row: row + 1, columns: &columns, count: count - 1)
            columns.insert(column, at: j)
            if j == 0 { sum = term } else if j % 2 == 0 { sum += term } else { sum -= term }
        }
        return sum
    }

    /// Decodes `{A, ell}`.
    public static func prepare(function: String, input: JSONValue) throws -> PreparedEvaluation {
        let ell = try input.int("ell", minimum: 1)
        guard ell <= 12 else { throw GradBenchError.badValue(field: "input.ell", reason: "must be at most 12 (expansion by minors costs ℓ!)") }
        let a = try input.doubles("A", count: ell * ell)
        if function == "primal" { return .number { objective(a, ell: ell) } }
        let tape = Tape<Double>()
        return .vector { valueWithGradient(at: a, on: tape) { objective($0, ell: ell) }.gradient }
    }
}
