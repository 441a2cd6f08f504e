import AutoDiff

/// The `det` eval: the determinant of an ℓ×ℓ matrix by expansion by minors along the first row
/// (recursive, as cmpad's `det_by_minor`), and its gradient (reverse mode, each 4×4 minor
/// preaccumulated into one node of 16 partials, compiled by `@ReverseGradient`).
public enum DetEval: EvalModule {
    /// `"det"`.
    public static let name = "det"
    /// `primal` and `gradient`.
    public static let functions = ["primal", "gradient"]

    /// det A for a row-major ℓ×ℓ matrix, written once for every scalar type.
    ///
    /// Minors of `cutoff` rows go through `T.preaccumulating`: for reverse mode each is one node of
    /// cutoff² partials on the tape (its own record swept at once, in cache); for other types the
    /// same recursion, called directly (the primal passes 0: gathering the minors would only cost
    /// it time). A cutoff below 3 or at least ℓ turns it off.
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

    /// The minor size preaccumulated as one node. 4×4: its 16 partials come from the code
    /// `@ReverseGradient` compiles from `determinant4` (no private tape), and the outer tape holds
    /// 15 chain entries per minor instead of 63. Against 6×6 minors swept on a private tape, the
    /// gradient took 0.36–0.80× the time at ℓ = 5…11 (best of three, 07:00 UTC).
    public static let preaccumulationCutoff = 4

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

    /// The 4×4 determinant by the same expansion by minors as `minor`, written out (the same
    /// operations in the same order, so the same value); `@ReverseGradient` compiles its 16
    /// partials, which the preaccumulated 4×4 minors record without a private tape.
    @ReverseGradient
    @inline(__always)
    static func determinant4<T: Scalar>(
        a00: T, a01: T, a02: T, a03: T, a10: T, a11: T, a12: T, a13: T,
        a20: T, a21: T, a22: T, a23: T, a30: T, a31: T, a32: T, a33: T
    ) -> T {
        let m0 = a22 * a33 - a23 * a32
        let m1 = a21 * a33 - a23 * a31
        let m2 = a21 * a32 - a22 * a31
        var m3 = a11 * m0
        m3 -= a12 * m1
        m3 += a13 * m2
        let m4 = a22 * a33 - a23 * a32
        let m5 = a20 * a33 - a23 * a30
        let m6 = a20 * a32 - a22 * a30
        var m7 = a10 * m4
        m7 -= a12 * m5
        m7 += a13 * m6
        let m8 = a21 * a33 - a23 * a31
        let m9 = a20 * a33 - a23 * a30
        let m10 = a20 * a31 - a21 * a30
        var m11 = a10 * m8
        m11 -= a11 * m9
        m11 += a13 * m10
        let m12 = a21 * a32 - a22 * a31
        let m13 = a20 * a32 - a22 * a30
        let m14 = a20 * a31 - a21 * a30
        var m15 = a10 * m12
        m15 -= a11 * m13
        m15 += a12 * m14
        var m16 = a00 * m3
        m16 -= a01 * m7
        m16 += a02 * m11
        m16 -= a03 * m15
        return m16
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

        /// At size 4 the compiled partials of `determinant4`; other sizes use the private tape.
        func valueWithGradient<S: Scalar>(_ e: UnsafeBufferPointer<S>, into g: UnsafeMutablePointer<S>) -> S? {
            guard size == 4 else { return nil }
            let r0: (S, S, S, S) = (e[0], e[1], e[2], e[3]), r1: (S, S, S, S) = (e[4], e[5], e[6], e[7])
            let r2: (S, S, S, S) = (e[8], e[9], e[10], e[11]), r3: (S, S, S, S) = (e[12], e[13], e[14], e[15])
            let result = determinant4Gradient(
                a00: r0.0, a01: r0.1, a02: r0.2, a03: r0.3, a10: r1.0, a11: r1.1, a12: r1.2, a13: r1.3,
                a20: r2.0, a21: r2.1, a22: r2.2, a23: r2.3, a30: r3.0, a31: r3.1, a32: r3.2, a33: r3.3)
            let d = result.gradient
            g[0] = d.a00; g[1] = d.a01; g[2] = d.a02; g[3] = d.a03
            g[4] = d.a10; g[5] = d.a11; g[6] = d.a12; g[7] = d.a13
            g[8] = d.a20; g[9] = d.a21; g[10] = d.a22; g[11] = d.a23
            g[12] = d.a30; g[13] = d.a31; g[14] = d.a32; g[15] = d.a33
            return result.value
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
        if function == "primal" { return .number { objective(a, ell: ell, cutoff: 0) } }
        let tape = Tape<Double>()
        return .vector { valueWithGradient(at: a, on: tape) { objective($0, ell: ell) }.gradient }
    }
}
