#!/usr/bin/env python3
"""Times PyTorch (eager, float64, CPU, one thread) on the same GradBench inputs as bench.py.

Each objective is written here from the eval's specification; derivatives use torch.func.grad (and
torch.func.jvp over torch.func.grad for the k-means Hessian diagonal). Prints the median time of the
primal and of the derivative per eval and size, after one warm-up call.

Usage: python3 Benchmarks/gradbench/torch_bench.py [--evals llsq lse kmeans gmm ode] [--max-size N]
"""
import argparse
import math
import statistics
import time

import torch
from torch.func import grad, jvp

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

import bench  # noqa: E402  (the input generators)


def llsq(x, n):
    t = -1 + torch.arange(n, dtype=torch.float64) * 2.0 / (n - 1)
    s = torch.sign(t)
    powers = t[:, None] ** torch.arange(x.shape[0], dtype=torch.float64)[None, :]
    r = s - powers @ x
    return torch.sum(r * r) / 2


def lse(x):
    a = torch.max(x).detach()
    return torch.log(torch.sum(torch.exp(x - a))) + a


def kmeans_cost(centroids, points):
    d2 = torch.sum((points[:, None, :] - centroids[None, :, :]) ** 2, dim=-1)
    return torch.sum(torch.min(d2, dim=1).values)


def kmeans_dir(centroids, points):
    g = lambda c: grad(kmeans_cost)(c, points)
    j, h = jvp(g, (centroids,), (torch.ones_like(centroids),))
    return j / h


def gmm_objective(alpha, mu, q, l, x, m, gamma, lower):
    k, d = mu.shape
    n = x.shape[0]
    Q = torch.zeros((k, d * d)).index_copy(1, lower, l).reshape(k, d, d)
    Q = Q + torch.diag_embed(torch.exp(q))
    centered = x[:, None, :] - mu[None, :, :]
    transformed = torch.einsum("kab,nkb->nka", Q, centered)
    beta = alpha[None, :] + torch.sum(q, dim=1)[None, :] - 0.5 * torch.sum(transformed**2, dim=-1)
    lse_rows = torch.logsumexp(beta, dim=1)
    dof = d + m + 1
    const = dof * d * (math.log(gamma) - 0.5 * math.log(2.0)) - torch.special.multigammaln(torch.tensor(0.5 * dof), d)
    frob = torch.sum(torch.exp(q) ** 2, dim=1) + torch.sum(l**2, dim=1)
    prior = k * const - torch.sum(0.5 * gamma**2 * frob - m * torch.sum(q, dim=1))
    return -n * (d / 2 * math.log(2 * math.pi) + torch.logsumexp(alpha, dim=0)) + torch.sum(lse_rows) + prior


def ode(x, s):
    """y(2) after s classic Runge-Kutta steps of y0' = x0, yi' = xi y(i-1) from y(0) = 0."""
    h = 2.0 / s
    field = lambda y: torch.cat([x[:1], x[1:] * y[:-1]])
    y = torch.zeros_like(x)
    for _ in range(s):
        k1 = field(y)
        k2 = field(y + h / 2 * k1)
        k3 = field(y + h / 2 * k2)
        k4 = field(y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return y


def timed(f, *args, runs, min_seconds):
    f(*args)  # warm-up
    times = []
    while len(times) < runs or sum(times) < min_seconds * 1e9:
        start = time.perf_counter_ns()
        f(*args)
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times)


def prepared(module, data):
    t = lambda v: torch.tensor(v, dtype=torch.float64)
    if module == "llsq":
        n = data["n"]
        return (lambda x: llsq(x, n)), grad(lambda x: llsq(x, n)), (t(data["x"]),)
    if module == "lse":
        return lse, grad(lse), (t(data["x"]),)
    if module == "kmeans":
        points = t(data["points"])
        return (lambda c: kmeans_cost(c, points)), (lambda c: kmeans_dir(c, points)), (t(data["centroids"]),)
    if module == "gmm":
        x, m, gamma, d = t(data["x"]), data["m"], data["gamma"], data["d"]
        # l fills Q's strictly lower part column by column.
        pairs = [(r, c) for c in range(d) for r in range(c + 1, d)]
        lower = torch.tensor([r * d + c for r, c in pairs], dtype=torch.long)
        f = lambda a, mu, q, l: gmm_objective(a, mu, q, l, x, m, gamma, lower)
        args = tuple(t(data[key]) for key in ("alpha", "mu", "q", "l"))
        return f, grad(f, argnums=(0, 1, 2, 3)), args
    if module == "ode":
        s = data["s"]
        return (lambda x: ode(x, s)), grad(lambda x: ode(x, s)[-1]), (t(data["x"]),)
    raise ValueError(module)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--evals", nargs="+", default=["llsq", "lse", "kmeans", "gmm", "ode"])
    parser.add_argument("--min-runs", type=int, default=3)
    parser.add_argument("--min-seconds", type=float, default=0.2)
    parser.add_argument("--max-size", type=int, default=0)
    args = parser.parse_args()
    print(f"{'eval':8} {'size':24} {'torch primal':>12} {'torch deriv':>12} {'d/p':>7}", flush=True)
    for module in args.evals:
        for i, (size, data) in enumerate(bench.INPUTS[module](False)):
            if args.max_size and i >= args.max_size:
                break
            primal, derivative, inputs = prepared(module, data)
            with torch.no_grad():
                tp = timed(primal, *inputs, runs=args.min_runs, min_seconds=args.min_seconds)
            td = timed(derivative, *inputs, runs=args.min_runs, min_seconds=args.min_seconds)
            print(f"{module:8} {size:24} {bench.fmt(tp):>12} {bench.fmt(td):>12} {td / tp:7.2f}", flush=True)


if __name__ == "__main__":
    main()
