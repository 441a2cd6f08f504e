#!/usr/bin/env python3
"""Slope against JAX and PyTorch on GradBench evals: runs bench.py, jax_bench.py and
torch_bench.py on the same inputs and prints one merged Markdown table (the "Against JAX and
PyTorch" table of README.md), then whether every output matched gradbench's C++ manual tool.

The three scripts run one eval at a time, one after another, so that the three measurements of an
eval are minutes apart at most; with --rounds N the whole sequence is repeated N times (the order of
the three rotating) and each cell is the smallest of the N medians, the least disturbed by other
load on a shared machine. The JAX and PyTorch outputs are checked in the first round.

XLA's CPU backend flushes subnormal numbers (below 2.2e-308) to zero, so JAX never takes the
processor's slow path for them; for like-for-like timings Slope runs with `--flush-subnormals`
too, unless --ieee-subnormals is given. (PyTorch keeps IEEE subnormals by default.)

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
    parser.add_argument("--rounds", type=int, default=1, help="repeat everything N times, keep each cell's minimum")
    parser.add_argument("--ieee-subnormals", action="store_true",
                        help="run Slope with IEEE subnormals (by default it flushes them to zero, as JAX's XLA does)")
    args = parser.parse_args()

    timing = ["--max-size", str(args.max_size), "--min-runs", str(args.min_runs), "--min-seconds", str(args.min_seconds)]
    for flag, value in (("--ba-data", args.ba_data), ("--lstm-text", args.lstm_text), ("--ht-data", args.ht_data)):
        if value:
            timing += [flag, value]
    checked = ["--manual", args.manual] if args.manual else []
    commands = {
        "slope": lambda first: [sys.executable, os.path.join(HERE, "bench.py"), "--slope", args.slope] + checked
        + ([] if args.ieee_subnormals else ["--flush-subnormals"]),
        "jax": lambda first: [args.python, os.path.join(HERE, "jax_bench.py")] + (checked if first else []),
        "torch": lambda first: [args.python, os.path.join(HERE, "torch_bench.py")] + (checked if first else []),
    }
    names = [name for name in commands if name not in args.skip]
    results = {name: {} for name in names}
    for round_index in range(args.rounds):
        order = names[round_index % len(names):] + names[:round_index % len(names)]
        for module in args.evals:
            for name in order:
                records = measured(commands[name](round_index == 0) + ["--evals", module] + timing,
                                   f"round {round_index + 1}, {name}")
                for key, record in records.items():
                    kept = results[name].setdefault(key, record)
                    for field in ("derivative_ns", "primal_ns", "manual_ns"):
                        if record.get(field) is not None and record[field] < kept[field]:
                            kept[field] = record[field]
                    if record["check"] not in ("ok", ""):
                        kept["check"] = record["check"]
    slope = results["slope"]
    frameworks = {name: results[name] for name in names if name != "slope"}

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
