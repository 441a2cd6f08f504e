#!/usr/bin/env python3
"""Benchmark `slope gradbench` on the GradBench evals at their default workload sizes.

Speaks the GradBench protocol to a release build of `slope gradbench`, generating each eval's
inputs the way the eval does (numpy seed 31337, same draws in the same order), and prints per
eval and size the median `evaluate` time of the primal and of the derivative and their ratio.

With --manual DIR (a directory holding gradbench's hand-written C++ "manual" tool binaries, built
from tools/manual/*.cpp of gradbench/gradbench with -O3 -march=native), it also times the manual
derivative on the same inputs, checks Slope's outputs against it with GradBench's tolerance
(|a − b| / max(|a| + |b|, 1) ≤ 1e-4) and prints the Slope/manual ratio.

Usage:
  swift build -c release --product slope
  python3 Benchmarks/gradbench/bench.py [--manual /tmp/gbcpp/tools/manual] [--evals llsq lse ...]

For figures comparable with the manual tool (built -march=native), XLA (which compiles for the host)
and PyTorch (which dispatches to the host's vector units), build for the host's CPU as well:
  swift build -c release --product slope --scratch-path .build-native -Xswiftc -target-cpu -Xswiftc native
  python3 Benchmarks/gradbench/bench.py --slope .build-native/release/slope --baseline .build/release/slope ...
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

import numpy as np

PAIRS = {  # eval -> (primal function, derivative function)
    "llsq": ("primal", "gradient"),
    "lse": ("primal", "gradient"),
    "det": ("primal", "gradient"),
    "kmeans": ("cost", "dir"),
    "ode": ("primal", "gradient"),
    "gmm": ("objective", "jacobian"),
    "ba": ("objective", "jacobian"),
    "lstm": ("objective", "jacobian"),
    "ht": ("objective", "jacobian"),
}

BA_DATA = None  # set from --ba-data: gradbench's evals/ba/data directory
LSTM_TEXT = None  # set from --lstm-text: gradbench's evals/lstm/data/lstm_full.txt
HT_DATA = None  # set from --ht-data: gradbench's evals/ht/data directory


def llsq_inputs(quick):
    np.random.seed(31337)
    ns = [16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8196, 16392]
    for n, m in sorted([(n, 128) for n in ns], key=lambda v: v[0] * v[1]):
        yield f"n={n},m={m}", {"x": np.random.rand(m).tolist(), "n": n}


def lse_inputs(quick):
    np.random.seed(31337)
    for n in [2500, 5000, 10000, 20000, 40000, 80000, 160000, 320000, 640000, 1280000]:
        yield f"n={n}", {"x": np.random.rand(n).tolist()}


def det_inputs(quick):
    np.random.seed(31337)
    for ell in [5, 6, 7, 8, 9, 10, 11]:
        yield f"ell={ell}", {"A": np.random.rand(ell * ell).tolist(), "ell": ell}


def kmeans_inputs(quick):
    np.random.seed(31337)
    combos = sorted([(k, n, d) for k in [10, 100, 1000] for n in [1000, 10000] for d in [8, 16]],
                    key=lambda v: v[0] * v[1] * v[2])
    for k, n, d in combos:
        points = np.random.rand(n, d).tolist()
        yield f"k={k},n={n},d={d}", {"points": points, "centroids": points[-k:]}


def ode_inputs(quick):
    np.random.seed(31337)
    combos = sorted([(n, s) for n in [1000, 10000, 100000] for s in [1, 10, 100]], key=lambda v: v[0] * v[1])
    for n, s in combos:
        yield f"n={n},s={s}", {"x": np.random.rand(n).tolist(), "s": s}


def gmm_inputs(quick):
    combos = sorted([(d, k) for d in [2, 10, 20, 32, 64] for k in [5, 10, 25, 50, 100]], key=lambda v: v[0] * v[1])
    for d, k in combos:
        rng = np.random.default_rng(seed=31337)
        n = 1000
        yield f"d={d},k={k},n={n}", {
            "d": d, "k": k, "n": n,
            "x": [list(rng.normal(size=d)) for _ in range(n)],
            "m": 0, "gamma": 1.0,
            "alpha": list(rng.normal(size=k)),
            "mu": [list(rng.uniform(size=d)) for _ in range(k)],
            "q": [list(rng.normal(size=d)) for _ in range(k)],
            "l": [list(rng.normal(size=d * (d - 1) // 2)) for _ in range(k)],
        }


def ba_inputs(quick):
    if not BA_DATA:
        return
    for i in range(1, 15):
        names = sorted(f for f in os.listdir(BA_DATA) if f.startswith(f"ba{i}_"))
        if not names:
            continue
        lines = open(os.path.join(BA_DATA, names[0])).read().split("\n")
        n, m, p = map(int, lines[0].split())
        yield names[0][:-4], {
            "n": n, "m": m, "p": p,
            "cam": [float(v) for v in lines[1].split()], "x": [float(v) for v in lines[2].split()],
            "w": float(lines[3]), "feat": [float(v) for v in lines[4].split()],
        }


def lstm_inputs(quick):
    """As gradbench's lstm eval: l in 2, 4, 6, c in 1024, 4096, 8192, text bits as 0/1 rows."""
    if not LSTM_TEXT:
        return
    np.random.seed(31337)
    full = open(LSTM_TEXT, encoding="utf8").read(8192)
    for l, c in sorted([(l, c) for l in [2, 4, 6] for c in [1024, 4096, 8192]], key=lambda v: v[0] * v[1]):
        text = full[:c]
        bits = int(np.ceil(np.log2(max(ord(ch) for ch in text))))
        matrix = [[float(b) for b in bin(ord(ch))[2:].zfill(bits)] for ch in text]
        # The eval's draw order: state, main parameters, extra parameters.
        state = np.random.random((2 * l, bits)).tolist()
        main_params = np.random.random((2 * l, bits * 4)).tolist()
        extra = np.random.random((3, bits)).tolist()
        yield f"l={l},c={c}", {"main_params": main_params, "extra_params": extra, "state": state, "sequence": matrix}


def ht_model(model_dir):
    """The hand model of gradbench's ht eval, read from its text files (bones, vertices, triangles)."""
    triangles = np.loadtxt(os.path.join(model_dir, "triangles.txt"), int, delimiter=":")
    bones_path = os.path.join(model_dir, "bones.txt")
    names = [line.split(":")[0] for line in open(bones_path)]
    parents = np.loadtxt(bones_path, int, usecols=[1], delimiter=":").flatten()
    relatives = np.loadtxt(bones_path, usecols=range(2, 18), delimiter=":").reshape(len(parents), 4, 4)
    inverses = np.loadtxt(bones_path, usecols=range(18, 34), delimiter=":").reshape(len(parents), 4, 4)
    lines = open(os.path.join(model_dir, "vertices.txt")).read().splitlines()
    positions, weights = np.ones((len(lines), 4)), np.zeros((len(lines), len(names)))
    for i, line in enumerate(lines):
        atoms = line.split(":")
        positions[i, :3] = [float(x) for x in atoms[:3]]
        for k in range(int(atoms[8])):
            weights[i, int(atoms[9 + 2 * k])] = float(atoms[10 + 2 * k])
    return {"bone_count": len(names), "bone_names": names, "parents": parents.tolist(),
            "base_relatives": relatives.tolist(), "inverse_base_absolutes": inverses.tolist(),
            "base_positions": positions.tolist(), "weights": weights.tolist(),
            "triangles": triangles.tolist(), "is_mirrored": False}


def ht_inputs(quick):
    """As gradbench's ht eval defaults: the big model, complicated variant, hand1..hand12."""
    if not HT_DATA:
        return
    directory = os.path.join(HT_DATA, "complicated_big")
    model = ht_model(os.path.join(directory, "model"))
    for i in range(1, 13):
        names = [f for f in os.listdir(directory) if f.startswith(f"hand{i}_")]
        if not names:
            continue
        with open(os.path.join(directory, names[0])) as f:
            npts, ntheta = map(int, f.readline().split())
            rows = [f.readline().split() for _ in range(npts)]
            us = [[float(x) for x in f.readline().split()] for _ in range(npts)]
            theta = [float(f.readline()) for _ in range(ntheta)]
        yield names[0][:-4], {"theta": theta, "us": us, "data": {
            "model": model, "correspondences": [int(r[0]) for r in rows],
            "points": [[float(x) for x in r[1:]] for r in rows]}}


INPUTS = {"lstm": lstm_inputs, "ht": ht_inputs, "ba": ba_inputs, "gmm": gmm_inputs, "llsq": llsq_inputs, "lse": lse_inputs, "det": det_inputs, "kmeans": kmeans_inputs, "ode": ode_inputs}


class Tool:
    """A tool process speaking the protocol."""

    def __init__(self, command):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.id = 0

    def send(self, message):
        message = {"id": self.id} | message
        self.id += 1
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()
        response = json.loads(self.process.stdout.readline())
        assert response["id"] == message["id"], response
        return response

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def manual_run(directory, module, function, data, runs):
    """Runs gradbench's C++ manual tool binary once: output and its evaluate timings."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(data | runs, f)
    try:
        out = subprocess.run([os.path.join(directory, module), f.name, function],
                             capture_output=True, text=True, check=True).stdout.splitlines()
    finally:
        os.unlink(f.name)
    output = json.loads(out[0])
    timings = [json.loads(line)["nanoseconds"] for line in out[1:] if '"evaluate"' in line]
    return output, timings


def flatten(value):
    if isinstance(value, dict):
        return [x for key in sorted(value) for x in flatten(value[key])]
    if isinstance(value, list):
        return [x for item in value for x in flatten(item)]
    return [value]


def mismatches(expected, actual):
    a = np.asarray(flatten(actual), dtype=float)
    e = np.asarray(flatten(expected), dtype=float)
    if a.shape != e.shape:
        return -1
    return int(np.sum(np.abs(a - e) / np.maximum(np.abs(a) + np.abs(e), 1) > 1e-4))


def fmt(ns):
    if ns >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    return f"{ns / 1e3:.1f} µs"


NESTED_GOLDEN = {"saddle": [8.246324826140356e-06] * 4, "particle": 0.2071918746486116}  # the evals' constants


def nested(tool, module, runs, report, records, baseline=None):
    """saddle and particle: report each mode's median time (the eval has no primal)."""
    tool.send({"kind": "define", "module": module})
    if baseline:
        baseline.send({"kind": "define", "module": module})
    data = {"start": [1.0, 1.0]} if module == "saddle" else {"w": 0.0}
    golden = NESTED_GOLDEN[module]
    for mode in ["ff", "fr", "rf", "rr"]:
        r = tool.send({"kind": "evaluate", "module": module, "function": mode, "input": data | runs})
        t = statistics.median(x["nanoseconds"] for x in r["timings"])
        bad = mismatches(golden, r["output"])
        check = "ok" if bad == 0 else f"WRONG({bad})"
        before, _, _ = baseline_note(baseline, module, mode, data | runs, t)
        report(f"{module:8} {mode:24} {'':>10} {fmt(t):>10} {'':>7} {'':>10} {'':>10} {'':>9} {'':>9} {check}{before}")
        records.append({"eval": module, "size": mode, "primal_ns": None, "derivative_ns": t, "manual_ns": None, "check": check})


def baseline_note(baseline, module, function, data, t, primal=None):
    """Times `function` (and `primal`, if given) on the baseline binary (if any): the report's
    "before" suffix and the baseline's (primal, derivative) medians."""
    if not baseline:
        return "", None, None

    def median(fn):
        b = baseline.send({"kind": "evaluate", "module": module, "function": fn, "input": data})
        return statistics.median(x["nanoseconds"] for x in b["timings"]) if b["success"] else None

    td = median(function)
    if td is None:
        return "", None, None
    tp = median(primal) if primal else None
    own = f" p {fmt(tp)} d/p {td / tp:.2f}" if tp else ""
    return f" baseline{own} d {fmt(td)} (now/baseline {t / td:.2f})", tp, td


def add_data_arguments(parser):
    """The options locating gradbench's data files, for every script that generates inputs here."""
    parser.add_argument("--ba-data", help="gradbench's evals/ba/data directory (ba is skipped without it)")
    parser.add_argument("--lstm-text", help="gradbench's evals/lstm/data/lstm_full.txt (lstm is skipped without it)")
    parser.add_argument("--ht-data", help="gradbench's evals/ht/data directory (ht is skipped without it)")


def add_flush_argument(parser):
    """The option running Slope with subnormal numbers flushed to zero, for every script that starts it."""
    parser.add_argument("--flush-subnormals", action="store_true",
                        help="run `slope gradbench --flush-subnormals` (subnormals as zero, as XLA's CPU backend computes)")


def slope_command(binary, args):
    """The command line of a Slope GradBench tool, with the options `add_flush_argument` parsed."""
    return [binary, "gradbench"] + (["--flush-subnormals"] if args.flush_subnormals else [])


def use_data(args):
    """Hands the data locations given by `add_data_arguments` to the input generators."""
    global BA_DATA, LSTM_TEXT, HT_DATA
    BA_DATA, LSTM_TEXT, HT_DATA = args.ba_data, args.lstm_text, args.ht_data


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--slope", default=".build/release/slope")
    parser.add_argument("--baseline", help="another slope binary (e.g. a build before a change): its derivative is timed on the same inputs, interleaved")
    parser.add_argument("--manual", help="directory of gradbench's C++ manual tool binaries")
    parser.add_argument("--evals", nargs="+", default=["llsq", "lse", "det", "kmeans", "gmm", "ode", "ba", "lstm", "ht", "saddle", "particle"])
    parser.add_argument("--min-runs", type=int, default=3)
    parser.add_argument("--min-seconds", type=float, default=0.3)
    parser.add_argument("--max-size", type=int, default=0, help="only the first N sizes of each eval")
    add_data_arguments(parser)
    parser.add_argument("--json", help="also write the measurements to this file (compare.py reads it)")
    add_flush_argument(parser)
    args = parser.parse_args()
    records = []
    use_data(args)
    runs = {"min_runs": args.min_runs, "min_seconds": args.min_seconds}

    def report(line):
        print(line, flush=True)

    tool = Tool(slope_command(args.slope, args))
    tool.send({"kind": "start", "eval": "bench"})
    baseline = Tool(slope_command(args.baseline, args)) if args.baseline else None
    if baseline:
        baseline.send({"kind": "start", "eval": "bench"})
    report(f"{'eval':8} {'size':24} {'primal':>10} {'deriv':>10} {'d/p':>7} {'manual p':>10} {'manual d':>10} {'slope/m p':>9} {'slope/m d':>9} check")
    for module in args.evals:
        if module in ("saddle", "particle"):
            nested(tool, module, runs, report, records, baseline)
            continue
        assert tool.send({"kind": "define", "module": module})["success"]
        if baseline:
            baseline.send({"kind": "define", "module": module})
        primal_fn, deriv_fn = PAIRS[module]
        for i, (size, data) in enumerate(INPUTS[module](False)):
            if args.max_size and i >= args.max_size:
                break
            p = tool.send({"kind": "evaluate", "module": module, "function": primal_fn, "input": data | runs})
            d = tool.send({"kind": "evaluate", "module": module, "function": deriv_fn, "input": data | runs})
            if not (p["success"] and d["success"]):
                report(f"{module:8} {size:24} failed: {p.get('error') or d.get('error')}")
                continue
            tp = statistics.median(x["nanoseconds"] for x in p["timings"])
            td = statistics.median(x["nanoseconds"] for x in d["timings"])
            manual_p, manual, versus_p, versus, check = "", "", "", "", ""
            if args.manual:
                expected_d, md = manual_run(args.manual, module, deriv_fn, data, runs)
                expected_p, mp = manual_run(args.manual, module, primal_fn, data, runs)
                tm, tmp = statistics.median(md), statistics.median(mp)
                manual, versus = fmt(tm), f"{td / tm:.2f}"
                manual_p, versus_p = fmt(tmp), f"{tp / tmp:.2f}"
                bad = mismatches(expected_d, d["output"]) + mismatches(expected_p, p["output"])
                check = "ok" if bad == 0 else f"WRONG({bad})"
            before, base_p, base_d = baseline_note(baseline, module, deriv_fn, data | runs, td, primal=primal_fn)
            report(f"{module:8} {size:24} {fmt(tp):>10} {fmt(td):>10} {td / tp:7.2f} {manual_p:>10} {manual:>10} {versus_p:>9} {versus:>9} {check}{before}")
            records.append({"eval": module, "size": size, "primal_ns": tp, "derivative_ns": td,
                            "manual_ns": tm if args.manual else None, "check": check,
                            "baseline_primal_ns": base_p, "baseline_derivative_ns": base_d})
    tool.close()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(records, f, indent=1)
    if baseline:
        baseline.close()


if __name__ == "__main__":
    sys.exit(main())
