#!/usr/bin/env python3
"""The fastest of several interleaved batches of `slope gradbench` evaluations, per binary, eval
and size: a second measure beside bench.py's medians on a shared machine, where the minimum is the
run least disturbed by other load.

saddle and particle have no primal: each cell is one mode's (ff, fr, rf, rr) fastest median time;
in parentheses, the first binary's time over that binary's (with the new build first, now/before).

Each round runs every binary once (round-robin), primal then derivative, at least `--min-runs`
times and `--seconds` per evaluation; each cell is the minimum over the rounds. Inputs are
bench.py's (the evals' own generators, numpy seed 31337).

With `--manual DIR`, gradbench's C++ manual tool runs in the same rounds (the last cells: its
fastest primal and derivative, and the first binary's derivative over the C++ one).

Usage:
  python3 Benchmarks/gradbench/best_of.py --slope .build/release/slope /tmp/slope-s3-base \\
    --evals det ode [--max-size 4] [--rounds 5] [--seconds 0.1]
  python3 Benchmarks/gradbench/best_of.py --slope .build/release/slope /tmp/slope-s3-base --evals saddle particle
"""
import argparse
import statistics

import bench


NESTED = ["saddle", "particle"]


def nested(module, tools, args):
    """saddle or particle: per mode, the fastest median over the rounds, round-robin over the tools."""
    data = {"start": [1.0, 1.0]} if module == "saddle" else {"w": 0.0}
    runs = {"min_runs": max(args.min_runs, 10), "min_seconds": args.seconds}
    for mode in ["ff", "fr", "rf", "rr"]:
        best = [float("inf")] * len(tools)
        for _ in range(args.rounds):
            for k, tool in enumerate(tools):
                r = tool.send({"kind": "evaluate", "module": module, "function": mode, "input": data | runs})
                best[k] = min(best[k], statistics.median(t["nanoseconds"] for t in r["timings"]))
        cells = [bench.fmt(best[0])] + [f"{bench.fmt(b)} ({best[0] / b:.2f})" for b in best[1:]]
        print(f"| {module} | {mode} | " + " | ".join(cells) + " |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--slope", nargs="+", default=[".build/release/slope"], help="one or more slope binaries")
    parser.add_argument("--evals", nargs="+", default=["det", "ode"], choices=sorted(bench.PAIRS) + NESTED)
    parser.add_argument("--max-size", type=int, default=0, help="only the first N sizes of each eval")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--min-runs", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=0.1, help="minimum seconds per evaluation")
    parser.add_argument("--manual", help="directory of gradbench's C++ manual tool binaries: timed in the same rounds")
    bench.add_data_arguments(parser)
    bench.add_flush_argument(parser)
    args = parser.parse_args()
    bench.use_data(args)
    tools = [bench.Tool(bench.slope_command(binary, args)) for binary in args.slope]
    manual = " | C++: primal, derivative, ratio | first/C++" if args.manual else ""
    print("| eval | size | " + " | ".join(f"{b}: primal, derivative, ratio" for b in args.slope) + manual + " |")
    for module in args.evals:
        for tool in tools:
            tool.send({"kind": "define", "module": module})
        if module in NESTED:
            nested(module, tools, args)
            continue
        for i, (size, data) in enumerate(bench.INPUTS[module](False)):
            if args.max_size and i >= args.max_size:
                break
            runs = {"min_runs": args.min_runs, "min_seconds": args.seconds}
            best = [[float("inf"), float("inf")] for _ in tools]
            fastest = [float("inf"), float("inf")]
            for _ in range(args.rounds):
                for k, tool in enumerate(tools):
                    for j, function in enumerate(bench.PAIRS[module]):
                        r = tool.send({"kind": "evaluate", "module": module, "function": function, "input": data | runs})
                        best[k][j] = min(best[k][j], min(t["nanoseconds"] for t in r["timings"]))
                if args.manual:
                    for j, function in enumerate(bench.PAIRS[module]):
                        _, timings = bench.manual_run(args.manual, module, function, data, runs)
                        fastest[j] = min([fastest[j]] + timings)
            cells = [f"{bench.fmt(p)}, {bench.fmt(d)}, {d / p:.2f}" for p, d in best]
            if args.manual:
                p, d = fastest
                cells += [f"{bench.fmt(p)}, {bench.fmt(d)}, {d / p:.2f}", f"{best[0][1] / d:.2f}"]
            print(f"| {module} | {size} | " + " | ".join(cells) + " |", flush=True)
    for tool in tools:
        tool.close()


if __name__ == "__main__":
    main()
