#!/usr/bin/env python3
"""Slope against JAX and PyTorch on GradBench evals: runs bench.py, jax_bench.py and
torch_bench.py one after another on the same inputs and prints one merged Markdown table (the
"Against JAX and PyTorch" table of README.md), then whether every output matched gradbench's C++
manual tool.

Usage (from the repository root, after `swift build -c release --product slope`):
  python3 Benchmarks/gradbench/compare.py --python /tmp/slope-bench-venv/bin/python \\
    --manual /tmp/gb2/manual --evals det lstm ba ht ode --max-size 4 --min-seconds 0.1 \\
    --ba-data /tmp/gbcpp/evals/ba/data --lstm-text /tmp/gb2/gbdata/lstm/lstm_full.txt \\
    --ht-data /tmp/gb2/gbdata/ht
Each script's own lines go to stderr as it runs; the table goes to stdout.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def measured(command, label):
    """Runs one script with --json and returns its records keyed by (eval, size)."""
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "records.json")
        print(f"# {label}: {' '.join(command)}", file=sys.stderr, flush=True)
        subprocess.run(command + ["--json", path], stdout=sys.stderr, check=True)
        with open(path) as f:
            return {(r["eval"], r["size"]): r for r in json.load(f)}


def fmt(ns):
    if ns is None:
        return ""
    if ns >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    return f"{ns / 1e3:.1f} µs"


def ratio(a, b):
    """a/b with two decimals, three below 0.1."""
    return f"{a / b:.2f}" if a / b >= 0.1 else f"{a / b:.3f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--slope", default=".build/release/slope")
    parser.add_argument("--python", default=sys.executable, help="a Python with jax and torch (default: this one)")
    parser.add_argument("--manual", help="directory of gradbench's C++ manual tool binaries (timed, and every output checked against it)")
    parser.add_argument("--evals", nargs="+", default=["llsq", "lse", "det", "kmeans", "gmm", "ode", "ba", "lstm", "ht"])
    parser.add_argument("--max-size", type=int, default=4)
    parser.add_argument("--min-runs", type=int, default=3)
    parser.add_argument("--min-seconds", type=float, default=0.1)
    parser.add_argument("--ba-data")
    parser.add_argument("--lstm-text")
    parser.add_argument("--ht-data")
    parser.add_argument("--skip", nargs="*", default=[], choices=["jax", "torch"], help="frameworks not to run")
    args = parser.parse_args()

    shared = ["--evals", *args.evals, "--max-size", str(args.max_size), "--min-runs", str(args.min_runs),
              "--min-seconds", str(args.min_seconds)]
    for flag, value in (("--manual", args.manual), ("--ba-data", args.ba_data),
                        ("--lstm-text", args.lstm_text), ("--ht-data", args.ht_data)):
        if value:
            shared += [flag, value]
    slope = measured([sys.executable, os.path.join(HERE, "bench.py"), "--slope", args.slope] + shared, "slope")
    frameworks = {}
    for name in ("jax", "torch"):
        if name not in args.skip:
            frameworks[name] = measured([args.python, os.path.join(HERE, f"{name}_bench.py")] + shared, name)

    print("| eval | size | Slope derivative | manual C++ | JAX derivative | PyTorch derivative | Slope/JAX | Slope/PyTorch |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    problems = []
    for key, record in slope.items():
        cells = [key[0], key[1], fmt(record["derivative_ns"]), fmt(record.get("manual_ns"))]
        ratios = []
        for name, label in (("jax", "JAX"), ("torch", "PyTorch")):
            other = frameworks.get(name, {}).get(key)
            cells.append(fmt(other["derivative_ns"]) if other else "")
            ratios.append(ratio(record["derivative_ns"], other["derivative_ns"]) if other else "")
            if other and other["check"] not in ("ok", ""):
                problems.append(f"{label} {key[0]} {key[1]}: {other['check']}")
        if record["check"] not in ("ok", ""):
            problems.append(f"Slope {key[0]} {key[1]}: {record['check']}")
        print("| " + " | ".join(cells + ratios) + " |")
    if args.manual:
        print()
        print("\n".join(problems) if problems else "Every output (Slope, JAX, PyTorch) matched the C++ manual tool.")


if __name__ == "__main__":
    main()
