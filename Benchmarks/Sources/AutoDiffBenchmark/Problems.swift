import Slope

/// The extended Rosenbrock function Σ (1 − xᵢ)² + 100 (xᵢ₊₁ − xᵢ²)², written once as a scalar loop.
@inline(never)
func rosenbrock<T: Scalar>(_ x: [T]) -> T {
    var sum: T = 0
    for i in 0..<(x.count - 1) {
        let a = 1 - x[i]
        let b = x[i + 1] - x[i] * x[i]
        sum += a * a + 100 * b * b
    }
    return sum
}

/// The determinant of a row-major n×n matrix by expansion of minors along the first row,
/// as plain scalar recursion (n! terms).
@inline(never)
func determinant<T: Scalar>(_ m: [T], _ n: Int) -> T {
    minorDeterminant(m, n, row: 0, usedColumns: 0)
}

func minorDeterminant<T: Scalar>(_ m: [T], _ n: Int, row: Int, usedColumns: Int) -> T {
    if row == n - 1 {
        for c in 0..<n where usedColumns & (1 << c) == 0 { return m[row * n + c] }
    }
    var sum: T = 0
    var sign = true
    for c in 0..<n where usedColumns & (1 << c) == 0 {
        let term = m[row * n + c] * minorDeterminant(m, n, row: row + 1, usedColumns: usedColumns | (1 << c))
        sum = sign ? sum + term : sum - term
        sign.toggle()
    }
    return sum
}

/// Records the Rosenbrock function on a fresh tape without sweeping it: the recording half of a
/// reverse gradient (a plain function, so no main-actor checks or reference counting per element).
@inline(never)
func recordRosenbrock(_ x: [Double]) -> Double {
    let tape = Tape<Double>(capacity: 64 + 8 * x.count)
    return withExtendedLifetime(tape) { rosenbrock(x.map { tape.variable($0) }).value }
}
