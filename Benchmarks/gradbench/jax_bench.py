#!/usr/bin/env python3
"""Times JAX (jit-compiled, float64, CPU) on the same GradBench inputs as bench.py, for comparison.

Each objective is written here from the eval's specification; derivatives use jax.grad (and
jax.jvp over jax.grad for the k-means Hessian diagonal). Prints the median time of the primal and
of the derivative per eval and size, after one warm-up call (compilation is not timed).

Usage: python3 Benchmarks/gradbench/jax_bench.py [--evals llsq lse ode kmeans gmm] [--max-size N]
"""
import argparse
import statistics
import time

import jax
import jax.numpy as jnp

jax.config.update("jax_enable_x64", True)

import bench  # noqa: E402  (the input generators)


def llsq(x, n):
    t = -1 + jnp.arange(n) * 2.0 / (n - 1)
    s = jnp.sign(t)
    powers = t[:, None] ** jnp.arange(x.shape[0])[None, :]
    r = s - powers @ x
    return jnp.sum(r * r) / 2


def lse(x):
    a = jnp.max(x)
    return jnp.log(jnp.sum(jnp.exp(x - a))) + a


def ode_last(x, s):
    h = 2.0 / s

    def field(y):
        return jnp.concatenate([x[:1], x[1:] * y[:-1]])

    def step(_, y):
        k1 = field(y)
        k2 = field(y + h / 2 * k1)
        k3 = field(y + h / 2 * k2)
        k4 = field(y + h * k3)
        return y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)

    return jax.lax.fori_loop(0, s, step, jnp.zeros_like(x))


def kmeans_cost(centroids, points):
    d2 = jnp.sum((points[:, None, :] - centroids[None, :, :]) ** 2, axis=-1)
    return jnp.sum(jnp.min(d2, axis=1))


def kmeans_dir(centroids, points):
    g = lambda c: jax.grad(kmeans_cost)(c, points)
    j, h = jax.jvp(g, (centroids,), (jnp.ones_like(centroids),))
    return j / h


def gmm_objective(alpha, mu, q, l, x, m, gamma):
    k, d = mu.shape
    n = x.shape[0]
    rows, cols = jnp.tril_indices(d, -1)
    # l fills Q's strictly lower part column by column.
    order = jnp.lexsort((rows, cols))
    Q = jnp.zeros((k, d, d)).at[:, rows[order], cols[order]].set(l)
    Q = Q + jax.vmap(jnp.diag)(jnp.exp(q))
    centered = x[:, None, :] - mu[None, :, :]
    transformed = jnp.einsum("kab,nkb->nka", Q, centered)
    beta = alpha[None, :] + jnp.sum(q, axis=1)[None, :] - 0.5 * jnp.sum(transformed**2, axis=-1)
    lse_rows = jax.scipy.special.logsumexp(beta, axis=1)
    dof = d + m + 1
    const = dof * d * (jnp.log(gamma) - 0.5 * jnp.log(2.0)) - jax.scipy.special.multigammaln(0.5 * dof, d)
    frob = jnp.sum(jnp.exp(q) ** 2, axis=1) + jnp.sum(l**2, axis=1)
    prior = k * const - jnp.sum(0.5 * gamma**2 * frob - m * jnp.sum(q, axis=1))
    return -n * (d / 2 * jnp.log(2 * jnp.pi) + jax.scipy.special.logsumexp(alpha)) + jnp.sum(lse_rows) + prior


def timed(f, *args, runs, min_seconds):
    jax.block_until_ready(f(*args))  # compile
    times = []
    while len(times) < runs or sum(times) < min_seconds:
        start = time.perf_counter_ns()
        jax.block_until_ready(f(*args))
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times)


def prepared(module, data):
    if module == "llsq":
        x, n = jnp.array(data["x"]), data["n"]
        return jax.jit(lambda x: llsq(x, n)), jax.jit(jax.grad(lambda x: llsq(x, n))), (x,)
    if module == "lse":
        return jax.jit(lse), jax.jit(jax.grad(lse)), (jnp.array(data["x"]),)
    if module == "ode":
        s = data["s"]
        return (jax.jit(lambda x: ode_last(x, s)), jax.jit(jax.grad(lambda x: ode_last(x, s)[-1])),
                (jnp.array(data["x"]),))
    if module == "kmeans":
        points = jnp.array(data["points"])
        return (jax.jit(lambda c: kmeans_cost(c, points)), jax.jit(lambda c: kmeans_dir(c, points)),
                (jnp.array(data["centroids"]),))
    if module == "gmm":
        x = jnp.array(data["x"])
        m, gamma = data["m"], data["gamma"]
        f = lambda a, mu, q, l: gmm_objective(a, mu, q, l, x, m, gamma)
        args = tuple(jnp.array(data[key]) for key in ("alpha", "mu", "q", "l"))
        if data["d"] == 1:
            return None
        return jax.jit(f), jax.jit(jax.grad(f, argnums=(0, 1, 2, 3))), args
    raise ValueError(module)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--evals", nargs="+", default=["llsq", "lse", "kmeans", "gmm", "ode"])
    parser.add_argument("--min-runs", type=int, default=3)
    parser.add_argument("--min-seconds", type=float, default=0.2)
    parser.add_argument("--max-size", type=int, default=0)
    args = parser.parse_args()
    print(f"{'eval':8} {'size':24} {'jax primal':>11} {'jax deriv':>11} {'d/p':>7}", flush=True)
    for module in args.evals:
        for i, (size, data) in enumerate(bench.INPUTS[module](False)):
            if args.max_size and i >= args.max_size:
                break
            primal, derivative, inputs = prepared(module, data)
            tp = timed(primal, *inputs, runs=args.min_runs, min_seconds=args.min_seconds)
            td = timed(derivative, *inputs, runs=args.min_runs, min_seconds=args.min_seconds)
            print(f"{module:8} {size:24} {bench.fmt(tp):>11} {bench.fmt(td):>11} {td / tp:7.2f}", flush=True)


if __name__ == "__main__":
    main()
