#!/usr/bin/env bash
# Symbolic benchmark: Slope vs SymPy on three expression families (differentiate + print), and the
# compiled gradient at 10⁶ points vs the reverse-mode engine. Prints every figure and the ratios.
#   Benchmarks/Symbolic/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
work=.build/bench-symbolic
rm -rf "$work/src" && mkdir -p "$work/src"
python3 -c "import sympy" 2>/dev/null || pip install --quiet sympy
for f in $(find Sources/Rules Sources/AutoDiff Sources/Symbolic -name "*.swift" | sort); do
    sed -E '/^(@_exported )?import (Rules|AutoDiff|Symbolic)$/d' "$f" > "$work/src/$(echo "$f" | tr / _)"
done
cp Benchmarks/Symbolic/main.swift "$work/src/main.swift"
swiftc -O -wmo -module-name AutoDiff "$work"/src/*.swift -o "$work/bench"
"$work/bench" "$work" | tee "$work/slope.txt"
: > "$work/sympy.txt"
limit="${SYMPY_TIMEOUT:-300}"
for family in sum-of-1000-products random-1000-nodes sin-chain-1000 random-10000-nodes; do
    timeout "$limit" python3 Benchmarks/Symbolic/sympy_bench.py "$work" "$family" | tee -a "$work/sympy.txt" \
        || echo "sympy $family seconds=$limit chars=0 timed_out=1" | tee -a "$work/sympy.txt"
done
python3 - "$work" <<'PY'
import re, sys
def load(path):
    rows = {}
    for line in open(path):
        parts = line.split()
        if len(parts) > 2 and parts[0] in ("slope", "sympy"):
            rows[parts[1]] = {k: float(v) for k, v in (p.split("=") for p in parts[2:])}
    return rows
slope, sympy = load(sys.argv[1] + "/slope.txt"), load(sys.argv[1] + "/sympy.txt")
print("\nfamily                  slope s     sympy s     speed-up   slope chars  sympy chars  size ratio")
for name in slope:
    if name in sympy:
        a, b = slope[name], sympy[name]
        if b.get("timed_out"):
            print(f"{name:22s} {a['seconds']:10.5f}  >{b['seconds']:8.0f}  >{b['seconds']/a['seconds']:8.0f}x {int(a['chars']):12d}  (SymPy timed out)")
        else:
            print(f"{name:22s} {a['seconds']:10.5f} {b['seconds']:10.5f} {b['seconds']/a['seconds']:9.1f}x {int(a['chars']):12d} {int(b['chars']):12d} {a['chars']/b['chars']:10.2f}")
PY
