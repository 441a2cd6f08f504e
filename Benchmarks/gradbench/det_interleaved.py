#!/usr/bin/env python3
"""det primal and gradient times of several `slope` binaries, interleaved, minimum of 5 batches.

On a loaded shared machine bench.py's medians of a few runs move by up to 2x from one row to the
next; this takes, per binary and function, the fastest of 5 batches run round-robin across the
binaries, on the eval's own inputs (numpy seed 31337, the draws bench.py makes).

Usage: det_interleaved.py BINARY[,BINARY...] ELL[,ELL...] [SECONDS_PER_EVALUATION]
  e.g. python3 Benchmarks/gradbench/det_interleaved.py /tmp/slope-s3-base,.build/release/slope 5,6,7,8 0.2
"""
import json
import subprocess
import sys

import numpy as np

binaries = sys.argv[1].split(",")
sizes = [int(x) for x in sys.argv[2].split(",")]
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 0.3


class Tool:
    """A `slope gradbench` process with the det module defined."""

    def __init__(self, binary):
        self.process = subprocess.Popen([binary, "gradbench"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.id = 0
        self.send({"kind": "start"})
        self.send({"kind": "define", "module": "det"})

    def send(self, message):
        message = {"id": self.id} | message
        self.id += 1
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())


tools = [Tool(b) for b in binaries]
np.random.seed(31337)
for ell in range(5, 12):
    matrix = np.random.rand(ell * ell).tolist()  # drawn for every size, as bench.py does
    if ell not in sizes:
        continue
    best = [{"primal": float("inf"), "gradient": float("inf")} for _ in tools]
    for _ in range(5):
        for k, tool in enumerate(tools):
            for function in ["primal", "gradient"]:
                response = tool.send({"kind": "evaluate", "module": "det", "function": function,
                                      "input": {"A": matrix, "ell": ell, "min_runs": 2, "min_seconds": seconds / 5}})
                best[k][function] = min(best[k][function], min(t["nanoseconds"] for t in response["timings"]))
    cells = [f"p {b['primal'] / 1e3:9.1f} µs  d {b['gradient'] / 1e3:10.1f} µs  d/p {b['gradient'] / b['primal']:5.2f}"
             for b in best]
    print(f"ell={ell:2} | " + " | ".join(cells), flush=True)
