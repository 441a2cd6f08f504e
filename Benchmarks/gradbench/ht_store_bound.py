"""How long merely storing ht's Jacobian takes, against Slope's primal on the same input.

The ht Jacobian has 3·npts rows of 28 numbers (2 barycentric and 26 θ columns), 28 times as many
numbers as the primal's output. Any tool must at least store them. This script times filling a
preallocated array of that shape with one value (numpy's fill: a memset, no arithmetic, the pages
already mapped, the fastest of many runs) and, in the same rounds, Slope's primal (the fastest
median of `--rounds` batches), and prints their ratio: where it exceeds 4, the goal
"derivative ≤ 4 × primal" cannot be met by any way of computing the derivative.

Usage (from the repository root, after a release build):
  python3 Benchmarks/gradbench/ht_store_bound.py --slope .build/release/slope --ht-data /tmp/gb2/gbdata/ht
"""
import argparse
import time

import numpy as np

import bench


def store_time(rows, columns, repeats):
    """The fastest time, in nanoseconds, of filling a rows × columns float64 array."""
    out = np.zeros((rows, columns))
    best = float("inf")
    for k in range(repeats):
        start = time.perf_counter_ns()
        out.fill(k + 0.5)
        best = min(best, time.perf_counter_ns() - start)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--slope", default=".build/release/slope")
    parser.add_argument("--ht-data", required=True, help="gradbench's evals/ht/data directory")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    bench.HT_DATA = args.ht_data

    tool = bench.Tool([args.slope, "gradbench"])
    tool.send({"kind": "start", "eval": "ht"})
    tool.send({"kind": "define", "module": "ht"})
    print("| size | Slope primal | storing the Jacobian | store/primal |")
    print("| --- | --- | --- | --- |")
    for name, data in bench.ht_inputs(False):
        rows, columns = 3 * len(data["data"]["points"]), 2 + len(data["theta"])
        primal, store = float("inf"), float("inf")
        for _ in range(args.rounds):
            response = tool.send({"kind": "evaluate", "module": "ht", "function": "objective",
                                  "input": data | {"min_runs": 10, "min_seconds": 0.1}})
            times = sorted(t["nanoseconds"] for t in response["timings"] if t["name"] == "evaluate")
            primal = min(primal, times[len(times) // 2])
            store = min(store, store_time(rows, columns, 200))
        print(f"| {name} | {bench.fmt(primal)} | {bench.fmt(store)} | {store / primal:.2f} |", flush=True)
    tool.close()


if __name__ == "__main__":
    main()
