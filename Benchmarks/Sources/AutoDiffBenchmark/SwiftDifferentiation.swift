import _Differentiation

// The same two problems through Swift's built-in `_Differentiation`, for reference.

@differentiable(reverse)
func rosenbrockBuiltin(_ x: [Double]) -> Double {
    var sum = 0.0
    for i in withoutDerivative(at: 0..<(x.count - 1)) {
        let a = 1 - x[i]
        let b = x[i + 1] - x[i] * x[i]
        sum += a * a + 100 * b * b
    }
    return sum
}

@differentiable(reverse)
func determinantBuiltin(_ m: [Double], _ n: Int, row: Int, usedColumns: Int) -> Double {
    if row == n - 1 {
        for c in withoutDerivative(at: 0..<n) where usedColumns & (1 << c) == 0 { return m[row * n + c] }
    }
    var sum = 0.0
    var sign = true
    for c in withoutDerivative(at: 0..<n) where usedColumns & (1 << c) == 0 {
        let term = m[row * n + c] * determinantBuiltin(m, n, row: row + 1, usedColumns: usedColumns | (1 << c))
        sum = sign ? sum + term : sum - term
        sign.toggle()
    }
    return sum
}

/// ∇ of the Rosenbrock function by `_Differentiation`.
func builtinRosenbrockGradient(_ x: [Double]) -> [Double] {
    _Differentiation.gradient(at: x, of: rosenbrockBuiltin).base
}

/// ∇ of the determinant by `_Differentiation`.
func builtinDeterminantGradient(_ m: [Double], _ n: Int) -> [Double] {
    _Differentiation.gradient(at: m) { m in determinantBuiltin(m, n, row: 0, usedColumns: 0) }.base
}
