#!/usr/bin/env python3
"""The linear-regression gradient: Slope vs NumPy vs JAX on the same data, in the same run.

Builds and runs the Swift benchmark (which measures the memory-bandwidth bound, Slope's fused
gradient, CSV parsing and `fit` end to end, and writes its data to raw float64 files), then times
NumPy (two matrix-vector products) and JAX (jax.jit(jax.grad(loss))) on those same files, checks
that all three gradients agree, and prints the figures as ratios.

    python3 Benchmarks/LearningBenchmark/compare.py [--rows 1000000] [--dimension 64] [--csv-rows 1000000]

NumPy and JAX are pip-installed into a virtual environment (default /tmp/slope-bench-venv) on first use.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def ensure_environment(venv):
    """Re-runs this script inside a venv that has numpy and jax (creating it with pip if needed)."""
    python = os.path.join(venv, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(venv):
        return
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    probe = subprocess.run([python, "-c", "import numpy, jax"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run([python, "-m", "pip", "install", "--quiet", "numpy", "jax"], check=True)
    os.execv(python, [python] + sys.argv)


def best_of(repetitions, body):
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[0], times[len(times) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dimension", type=int, default=64)
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--directory", default="/tmp/slope-learning-benchmark")
    parser.add_argument("--venv", default="/tmp/slope-bench-venv")
    parser.add_argument("--repetitions", type=int, default=25)
    args = parser.parse_args()
    ensure_environment(args.venv)

    import numpy as np
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)

    subprocess.run(["swift", "build", "-c", "release"], cwd=HERE, check=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "slope"], cwd=HERE, check=True)
    swift_run = subprocess.run(
        [os.path.join(HERE, ".build", "release", "LearningBenchmark"), str(args.rows), str(args.dimension),
         args.directory, str(args.csv_rows)],
        check=True, capture_output=True, text=True)
    slope = json.loads(swift_run.stdout)

    n, d = args.rows, args.dimension
    X = np.fromfile(os.path.join(args.directory, "X.bin"), dtype=np.float64).reshape(n, d)
    y = np.fromfile(os.path.join(args.directory, "y.bin"), dtype=np.float64)
    params = np.fromfile(os.path.join(args.directory, "params.bin"), dtype=np.float64)
    w, b = params[:d], params[d]
    slope_gradient = np.fromfile(os.path.join(args.directory, "gradient.bin"), dtype=np.float64)

    def numpy_gradient():
        r = X @ w + b - y
        return (2.0 / n) * (X.T @ r), (2.0 / n) * r.sum()

    def loss(w, b, X, y):
        r = X @ w + b - y
        return jnp.mean(r * r)

    jax_gradient = jax.jit(jax.grad(loss, argnums=(0, 1)))
    Xj, yj, wj, bj = (jax.device_put(v) for v in (X, y, jnp.asarray(w), jnp.asarray(b)))
    jax.block_until_ready(jax_gradient(wj, bj, Xj, yj))  # compile

    np_best, np_median = best_of(args.repetitions, numpy_gradient)
    jax_best, jax_median = best_of(args.repetitions, lambda: jax.block_until_ready(jax_gradient(wj, bj, Xj, yj)))

    gw, gb = numpy_gradient()
    reference = np.append(gw, gb)
    jw, jb = jax_gradient(wj, bj, Xj, yj)
    jax_full = np.append(np.asarray(jw), float(jb))
    def relative(a, b):
        return float(np.linalg.norm(a - b) / np.linalg.norm(b))

    gigabytes = slope["bytesOfX"] / 1e9
    print(f"Linear-regression gradient, N = {n:,}, d = {d}, float64; X is {gigabytes * 1e3:.0f} MB; "
          f"{slope['cores']} cores (shared machine: best of {args.repetitions}, medians in brackets)")
    print(f"  memory bound: plain sum over X      {slope['sumAllCoresSeconds'] * 1e3:7.1f} ms  "
          f"{slope['sumAllCoresGBps']:5.1f} GB/s  (one core {slope['sumOneCoreGBps']:.1f} GB/s)")
    print(f"  Slope fused one-pass gradient       {slope['gradientSeconds'] * 1e3:7.1f} ms  "
          f"{slope['gradientGBps']:5.1f} GB/s  = {slope['fractionOfBandwidth'] * 100:.0f}% of the bound "
          f"[{slope['gradientMedianSeconds'] * 1e3:.1f} ms, {slope['fractionOfBandwidthMedian'] * 100:.0f}%]  "
          f"(one core {slope['gradientOneCoreGBps']:.1f} GB/s)")
    print(f"  NumPy X@w, X.T@r                    {np_best * 1e3:7.1f} ms  {gigabytes / np_best:5.1f} GB/s  "
          f"[{np_median * 1e3:.1f} ms]  Slope is {np_best / slope['gradientSeconds']:.2f}x faster")
    print(f"  JAX jit(grad(loss))                 {jax_best * 1e3:7.1f} ms  {gigabytes / jax_best:5.1f} GB/s  "
          f"[{jax_median * 1e3:.1f} ms]  Slope is {jax_best / slope['gradientSeconds']:.2f}x faster")
    print(f"  Slope tensor reverse mode           {slope['tensorReverseSeconds'] * 1e3:7.1f} ms")
    print(f"  agreement with NumPy: Slope {relative(slope_gradient, reference):.1e}, JAX {relative(jax_full, reference):.1e} (relative)")
    mb = slope["csvBytes"] / 1e6
    print(f"CSV, {slope['csvRows']:,} rows x 9 columns, {mb:.0f} MB")
    print(f"  plain read of the file              {slope['plainReadSeconds'] * 1e3:7.1f} ms  {slope['plainReadMBps']:7.0f} MB/s")
    print(f"  Slope read + parse                  {slope['parseSeconds'] * 1e3:7.1f} ms  {slope['parseMBps']:7.0f} MB/s  "
          f"({slope['parseMBps'] / slope['plainReadMBps'] * 100:.0f}% of a plain read)")
    print(f"  fit end to end (load, exact, GD)    {slope['fitEndToEndSeconds'] * 1e3:7.1f} ms  "
          f"{slope['fitIterations']} GD iterations, gap to exact {slope['fitGap']:.1e}")
    slope_cli = os.path.join(HERE, ".build", "release", "slope")
    csv_path = os.path.join(args.directory, "data.csv")
    cli_output = {}
    def run_cli():
        done = subprocess.run([slope_cli, "fit", csv_path, "--target", "y", "--json"], check=True,
                              capture_output=True, text=True)
        cli_output.update(json.loads(done.stdout))
    cli_best, cli_median = best_of(3, run_cli)
    print(f"  slope fit {os.path.basename(csv_path)} --target y --json   {cli_best * 1e3:7.1f} ms  [{cli_median * 1e3:.1f} ms]  "
          f"optimizer {cli_output['optimizer']}, {cli_output['iterations']} iterations, gap {cli_output['gap']:.1e}")
    np_parse, _ = best_of(3, lambda: np.loadtxt(os.path.join(args.directory, "data.csv"), delimiter=",", skiprows=1)) \
        if args.csv_rows <= 200_000 else (None, None)
    if np_parse:
        print(f"  numpy.loadtxt for comparison        {np_parse * 1e3:7.1f} ms  {mb / np_parse:7.0f} MB/s")


if __name__ == "__main__":
    main()
