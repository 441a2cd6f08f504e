import Testing
import PropertyBased
import AutoDiff

/// Sparsity detection by index sets, greedy column coloring, and compressed forward Jacobians,
/// which must equal the dense vector forward Jacobian entry for entry.
@Suite struct SparseJacobianTests {
    /// An ℝ⁸ → ℝ⁸ map whose row i reads inputs i − 1, i and i + 1 (a tridiagonal Jacobian), with
    /// coefficients `a`.
    func tridiagonal<T: Scalar>(_ v: [T], _ a: [Double]) -> [T] {
        v.indices.map { i in
            let left = i > 0 ? v[i - 1] : T(0), right = i + 1 < v.count ? v[i + 1] : T(0)
            return sin(v[i]) * T(a[i % a.count]) + left * right + exp(v[i] / 4) * left.scaled(by: a[(i + 3) % a.count])
        }
    }

    /// The example in `JacobianSparsity`'s documentation.
    @Test func documentedExample() throws {
        let pattern = try JacobianSparsity(at: [1, 2, 3]) { v in [v[0] * v[1], sin(v[2])] }
        #expect(pattern.rows == [[0, 1], [2]])
        #expect(pattern.columnColoring().count == 2)
    }

    @Test func tracersRecordTheInputsEachOutputReads() throws {
        let pattern = try JacobianSparsity(at: [1, 2, 3, 4]) { v in
            [v[0] * v[1], sin(v[2]), v[3] + 1, DependencyTracer(5), v[0] < v[1] ? v[2] : v[3]]
        }
        #expect(pattern.rows == [[0, 1], [2], [3], [], [2]])
        #expect(pattern.nonzeroCount == 5)
        // Values are carried, so the branch follows x.
        let other = try JacobianSparsity(at: [2, 1, 3, 4]) { v in [v[0] < v[1] ? v[2] : v[3]] }
        #expect(other.rows == [[3]])
        let traced = DependencyTracer(0.5, input: 3) * DependencyTracer(2, input: 200)
        #expect(traced.value == 1 && traced.inputs.members == [3, 200] && traced.description == "1.0 {3, 200}")
        #expect(traced.inputs.contains(200) && !traced.inputs.contains(4) && !traced.inputs.contains(256))
    }

    @Test func coloringsNeverShareARowAndAreSmallOnBandedPatterns() async throws {
        let diagonal = try JacobianSparsity(columnCount: 5, rows: (0..<5).map { [$0] })
        #expect(diagonal.columnColoring().count == 1)
        let banded = try JacobianSparsity(at: [Double](repeating: 0.5, count: 8)) { tridiagonal($0, [1, 2, 3]) }
        #expect(banded.rows[3] == [2, 3, 4])
        let bandedColoring = banded.columnColoring()
        #expect(bandedColoring.count == 3 && bandedColoring.isValid(for: banded))
        let dense = try JacobianSparsity(columnCount: 4, rows: [[0, 1, 2, 3]])
        #expect(dense.columnColoring().count == 4)
        // Random patterns: always valid, never more colors than columns.
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000)) { seed in
            var state = UInt64(seed) &+ 1
            func next(_ n: Int) -> Int {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Int((state >> 33) % UInt64(n))
            }
            let columns = 1 + next(30)
            let rows = (0..<(1 + next(20))).map { _ in (0..<next(5)).map { _ in next(columns) } }
            let pattern = try! JacobianSparsity(columnCount: columns, rows: rows)
            let coloring = pattern.columnColoring()
            #expect(coloring.isValid(for: pattern) && coloring.count <= columns)
            #expect(coloring.count >= (pattern.rows.map(\.count).max() ?? 0))
        }
    }

    @Test func compressedJacobiansEqualDenseForwardJacobians() async throws {
        let coordinate = Gen.double(in: -2...2)
        await propertyCheck(count: 25, input: coordinate, coordinate, coordinate, coordinate) { a, b, c, d in
            let x = [a, b, c, d, a - b, c * d, b + 1, -a]
            let coefficients = [b, c, d]
            let pattern = try! JacobianSparsity(at: x) { tridiagonal($0, coefficients) }
            let coloring = pattern.columnColoring()
            let dense = forwardJacobian(at: x, width: SIMD8<Double>.self) { tridiagonal($0, coefficients) }
            for width in [2, 4] {
                let sparse = width == 2
                    ? try! sparseJacobian(at: x, sparsity: pattern, coloring: coloring, width: SIMD2<Double>.self) { tridiagonal($0, coefficients) }
                    : try! sparseJacobian(at: x, sparsity: pattern, coloring: coloring, width: SIMD4<Double>.self) { tridiagonal($0, coefficients) }
                #expect(sparse == dense, "width \(width)")
            }
            // And the dense one agrees with reverse mode.
            let reverse = try! jacobian(at: x) { tridiagonal($0, coefficients) }
            for (row, expected) in zip(dense, reverse) {
                for (entry, truth) in zip(row, expected) {
                    let tolerance: Double = 1e-12 * (1 + Swift.abs(truth))
                    #expect(Swift.abs(entry - truth) <= tolerance)
                }
            }
        }
    }

    @Test func badPatternsAndColoringsThrow() throws {
        #expect(throws: AutoDiffError.tooLarge(what: "the input of a sparsity trace", limit: 256, actual: 257)) {
            try JacobianSparsity(at: [Double](repeating: 0, count: 257)) { $0 }
        }
        #expect(throws: AutoDiffError.self) { try JacobianSparsity(columnCount: 2, rows: [[0, 2]]) }
        let pattern = try JacobianSparsity(columnCount: 2, rows: [[0, 1]])
        #expect(!ColumnColoring(colors: [0, 0]).isValid(for: pattern))
        #expect(ColumnColoring(colors: [0, 0]).firstConflict(in: pattern) == 0 && pattern.columnColoring().firstConflict(in: pattern) == nil)
        #expect(throws: AutoDiffError.invalid(what: "the coloring", reason: "gives two columns of row 0 one color")) {
            try sparseJacobian(at: [1, 2], sparsity: pattern, coloring: ColumnColoring(colors: [0, 0]), width: SIMD2<Double>.self) { $0 }
        }
        #expect(AutoDiffError.invalid(what: "the coloring", reason: "gives two columns of row 0 one color").description
            == "invalid input: the coloring gives two columns of row 0 one color")
        #expect(throws: AutoDiffError.self) {
            try sparseJacobian(at: [1, 2], sparsity: pattern, coloring: ColumnColoring(colors: [0]), width: SIMD2<Double>.self) { $0 }
        }
        #expect(throws: AutoDiffError.self) {
            try sparseJacobian(at: [1, 2, 3], sparsity: pattern, coloring: pattern.columnColoring(), width: SIMD2<Double>.self) { $0 }
        }
        #expect(throws: AutoDiffError.self) {
            try sparseJacobian(at: [1, 2], sparsity: pattern, coloring: pattern.columnColoring(), width: SIMD2<Double>.self) { [$0[0] * $0[1], $0[0]] }
        }
    }
}
