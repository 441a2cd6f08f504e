#!/usr/bin/env python3
"""The best (minimum) of many runs of `slope gradbench`'s ode primal and gradient at the eval's nine
default sizes (bench.py's inputs), for each binary given: a second measure beside bench.py's
medians on a shared machine, where the minimum is the run least disturbed by other load.

Usage: python3 Benchmarks/gradbench/ode_best_of.py .build/release/slope [/tmp/slope-s3-base ...]
(needs numpy). Each cell: primal, gradient, gradient/primal; each time the best of two sessions
of max(5, 3·10⁵/(n·s)) gradient runs (three times as many primal runs).
"""
import json
import subprocess
import sys

import numpy as np


def best(binary, function, x, s, runs):
    """The fastest `evaluate` time (ns) of `runs` evaluations in one session."""
    messages = [{"id": 0, "kind": "start"}, {"id": 1, "kind": "define", "module": "ode"},
                {"id": 2, "kind": "evaluate", "module": "ode", "function": function,
                 "input": {"x": x, "s": s, "min_runs": runs, "min_seconds": 0}}]
    out = subprocess.run([binary, "gradbench"], input="\n".join(json.dumps(m) for m in messages) + "\n",
                         capture_output=True, text=True, check=True).stdout
    return min(t["nanoseconds"] for t in json.loads(out.strip().split("\n")[-1])["timings"])


def main():
    binaries = sys.argv[1:]
    np.random.seed(31337)  # bench.py's ode inputs
    combos = sorted([(n, s) for n in [1000, 10000, 100000] for s in [1, 10, 100]], key=lambda v: v[0] * v[1])
    inputs = [(n, s, np.random.rand(n).tolist()) for n, s in combos]
    print("| size | " + " | ".join(f"{b}: primal, gradient, ratio" for b in binaries) + " |")
    for n, s, x in inputs:
        runs = max(5, int(3e5 / (n * s)))
        cells = []
        for binary in binaries:
            p = min(best(binary, "primal", x, s, runs * 3) for _ in range(2))
            g = min(best(binary, "gradient", x, s, runs) for _ in range(2))
            cells.append(f"{p / 1e3:.1f} µs, {g / 1e3:.1f} µs, {g / p:.2f}")
        print(f"| n={n},s={s} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
