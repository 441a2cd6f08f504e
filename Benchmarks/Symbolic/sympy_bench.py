"""SymPy side of the symbolic benchmark: the same RPN expressions, sympy.diff + str (best of REPEATS, default 1)."""
import os, sys, threading, time

repeats = int(os.environ.get("REPEATS", "1"))

def main(directory, names):
    import sympy
    x, y, z = sympy.symbols("x y z")
    names_map = {"x": x, "y": y, "z": z}
    unary = {"sin": sympy.sin, "cos": sympy.cos, "exp": sympy.exp, "tanh": sympy.tanh}
    for name in names:
        stack = []
        built_from = time.perf_counter()
        for token in open(f"{directory}/{name}.rpn").read().split("\n"):
            if token in ("add", "sub", "mul", "pow"):
                b = stack.pop(); a = stack.pop()
                stack.append({"add": a + b, "sub": a - b, "mul": a * b, "pow": a ** b}[token])
            elif token in unary:
                stack.append(unary[token](stack.pop()))
            elif token in names_map:
                stack.append(names_map[token])
            else:
                stack.append(sympy.Integer(int(float(token))))
        f = stack[0]
        print(f"sympy-built {name} build_seconds={time.perf_counter() - built_from}", flush=True)
        best, printed = None, ""
        for _ in range(repeats):
            sympy.core.cache.clear_cache()
            start = time.perf_counter()
            printed = str(sympy.diff(f, x))
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        print(f"sympy {name} seconds={best} chars={len(printed)}", flush=True)

if __name__ == "__main__":
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 29)
    t = threading.Thread(target=main, args=(sys.argv[1], sys.argv[2:]))
    t.start(); t.join()
