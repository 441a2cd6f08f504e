// libFuzzer entry point: arbitrary bytes through parse → simplify → differentiate → print → parse,
// plus compilation, evaluation on the engine, the backprop trace and LaTeX. Any invariant broken traps.
// Built by Fuzz/run.sh together with the Rules, AutoDiff and Symbolic sources as one module.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    checkPipeline(text)
    ExprInterner.shared.removeAll()
    return 0
}

func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { preconditionFailure(message()) }
}

func checkPipeline(_ text: String) {
    let parsed: Expr
    do {
        parsed = try Expr(parsing: text)
    } catch {
        require(error.position >= 0 && error.position <= text.unicodeScalars.count, "error position out of range")
        _ = error.caretLines
        return
    }
    require((try? Expr(parsing: parsed.description)) == parsed, "round trip failed for \(parsed)")
    let f = simplify(parsed)
    require(simplify(f) == f, "simplify is not idempotent on \(f)")
    let variables = f.variables
    _ = f.latex
    for v in variables.prefix(3) + (variables.isEmpty ? ["x"] : []) {
        let d = differentiate(f, withRespectTo: v)
        _ = DerivationPrinter.text(d)
        _ = DerivationPrinter.latex(d)
        let printed = d.result.description
        require((try? Expr(parsing: printed)) == d.result, "derivative round trip failed: \(printed)")
    }
    guard let program = try? Program(compiling: f, variables: variables) else {
        preconditionFailure("compilation failed for \(f)")
    }
    let point = variables.indices.map { 0.5 + Double($0) }
    let direct = program.value(at: point)
    let (value, gradient) = program.valueWithGradient(at: point)
    require(direct.bitPattern == value.bitPattern || (direct.isNaN && value.isNaN), "Double and Reverse values differ")
    require(gradient.count == variables.count, "gradient size")
    let trace = BackpropTrace(program: program, at: point)
    require(trace.rows.count == program.instructions.count, "trace size")
}
