#!/usr/bin/env bash
# Builds the libFuzzer target (Fuzz/FuzzTarget.swift + the Rules, AutoDiff and Symbolic sources as one
# module, with -sanitize=fuzzer,address) and runs it.
#   Fuzz/run.sh [seconds=60] [extra libFuzzer flags…]
# Crashes land in Fuzz/artifacts/; turn each into a regression test in Tests/SymbolicTests/FuzzRegressionTests.swift.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"; shift || true
work=.build/fuzz
rm -rf "$work/src" && mkdir -p "$work/src" Fuzz/corpus Fuzz/artifacts
for f in $(find Sources/Rules Sources/AutoDiff Sources/Symbolic -name "*.swift" | sort); do
    sed -E '/^(@_exported )?import (Rules|AutoDiff|Symbolic)$/d' "$f" > "$work/src/$(echo "$f" | tr / _)"
done
cp Fuzz/FuzzTarget.swift "$work/src/"
if [ ! -x "$work/fuzz" ] || [ -n "$(find "$work/src" -newer "$work/fuzz" -print -quit)" ]; then
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name AutoDiff "$work"/src/*.swift -o "$work/fuzz"
fi
# Seeds: the issue's examples.
for s in 'x^2 + 2*y^2 + 3*z^2' '(x+1)^2' 'max(x, 0)' 'abs(x) + abs(x-1)' 'exp(-x^2/2)/sqrt(2*pi)' \
         'log(1 + exp(w*x + b))' 'sigmoid(a*x)^2' 'min(x, y, z)' 'sqrt(x^2)' 'relu(x) - relu(-x)' 'x**-2.5e-3'; do
    printf '%s' "$s" > "Fuzz/corpus/seed-$(printf '%s' "$s" | md5sum | cut -c1-8)"
done
export SWIFT_BACKTRACE=enable=no
exec "$work/fuzz" Fuzz/corpus -max_len=256 -timeout=10 -rss_limit_mb=2048 -max_total_time="$seconds" \
    -artifact_prefix=Fuzz/artifacts/ -print_final_stats=1 "$@"
