#!/usr/bin/env python3
"""Times JAX (jit-compiled, float64, CPU) on the same GradBench inputs as bench.py, for comparison.

Each objective is written here from the eval's specification (the eval READMEs and the C++
reference's definitions in gradbench/gradbench); derivatives are JAX's own:
  llsq, lse, ode, gmm, lstm, det: jax.grad          kmeans: jax.jvp over jax.grad (J and diag H)
  ba: jax.vmap of jax.jacrev over the observations (each a 2×15 block), assembled in the eval's
      compressed-row layout inside the jitted function
  ht: jax.jacfwd over θ and, in the complicated variant, over one shift shared by every point's
      barycentric coordinates (row 3i + j depends only on uᵢ, so that column holds ∂/∂uᵢ)
  det: the expansion by minors fully expanded into its ℓ! signed products (the eval's README
      suggests this for tools that cannot trace recursion cheaply), one first-row column at a time
  saddle, particle (not in the default --evals): ff and fr only, the gradient-descent solver and
      the Euler loop as lax.while_loop, jax.jacfwd outside; rf and rr print n/a (JAX's reverse
      mode cannot differentiate a while loop)
Prints the median time of the primal and of the derivative per eval and size, after one warm-up
call (compilation is not timed). With --manual DIR every output is checked against gradbench's
C++ manual tool with GradBench's tolerance.

Usage: python3 Benchmarks/gradbench/jax_bench.py [--evals llsq lse ...] [--max-size N] [--manual DIR]
"""
import argparse

import jax
import jax.numpy as jnp
import numpy as np

jax.config.update("jax_enable_x64", True)

import common  # noqa: E402  (preprocessing and the timing loop)


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


def det(a, ell, minor_columns, perms, signs):
    """det A = Σⱼ (−1)ʲ A₀ⱼ det M₀ⱼ, each minor's determinant the sum of its (ℓ−1)! signed products."""
    A = a.reshape(ell, ell)
    rest = A[1:]
    rows = jnp.arange(ell - 1)[None, :]

    def minor(j):
        B = rest[:, minor_columns[j]]
        return jnp.sum(signs * jnp.prod(B[rows, perms], axis=1))

    minors = jax.lax.map(minor, jnp.arange(ell))
    return jnp.sum((-1.0) ** jnp.arange(ell) * A[0] * minors)


def lstm_objective(main, extra, state, sequence):
    """ADBench's LSTM (diagonal weights): mean negative log-likelihood of each next character's bits."""
    layers, b = main.shape[0] // 2, sequence.shape[1]

    def step(carry, inputs):
        hidden, cell = carry
        x, gold = inputs
        layer_input = x * extra[0]
        hiddens, cells = [], []
        for layer in range(layers):
            w, bias = main[2 * layer], main[2 * layer + 1]
            gate = lambda g, v: v * w[g * b:(g + 1) * b] + bias[g * b:(g + 1) * b]
            forget = jax.nn.sigmoid(gate(0, layer_input))
            ingate = jax.nn.sigmoid(gate(1, hidden[layer]))
            outgate = jax.nn.sigmoid(gate(2, layer_input))
            change = jnp.tanh(gate(3, hidden[layer]))
            c = cell[layer] * forget + ingate * change
            h = outgate * jnp.tanh(c)
            hiddens.append(h)
            cells.append(c)
            layer_input = h
        prediction = layer_input * extra[1] + extra[2]
        log_sum = jnp.log(jnp.sum(jnp.exp(prediction)) + 2)  # ADBench's logsumexp adds 2
        return (jnp.stack(hiddens), jnp.stack(cells)), jnp.sum(gold * (prediction - log_sum))

    _, terms = jax.lax.scan(step, (state[0::2], state[1::2]), (sequence[:-1], sequence[1:]))
    return -jnp.sum(terms) / ((sequence.shape[0] - 1) * b)


def rodrigues(r, p):
    """Rotation of p by the angle-axis vector r (first order when r = 0)."""
    squared = jnp.sum(r * r)
    nonzero = squared != 0
    angle = jnp.sqrt(jnp.where(nonzero, squared, 1.0))
    w = r / angle
    c, s = jnp.cos(angle), jnp.sin(angle)
    full = p * c + jnp.cross(w, p) * s + w * jnp.dot(w, p) * (1 - c)
    return jnp.where(nonzero, full, p + jnp.cross(r, p))


def ba_residual(v, feature):
    """The weighted reprojection error of one observation; v = camera (11), point (3), weight."""
    rotated = rodrigues(v[0:3], v[11:14] - v[3:6])
    projected = rotated[:2] / rotated[2]
    rsq = jnp.sum(projected * projected)
    distorted = projected * (1 + v[9] * rsq + v[10] * rsq * rsq)
    return v[14] * (distorted * v[6] + v[7:9] - feature)


def ba_variables(cams, x, w, cam_index, point_index):
    return jnp.concatenate([cams[cam_index], x[point_index], w[:, None]], axis=1)


def ba_objective(cams, x, w, feats, cam_index, point_index):
    v = ba_variables(cams, x, w, cam_index, point_index)
    return jax.vmap(ba_residual)(v, feats), 1 - w * w


def ba_jacobian(cams, x, w, feats, cam_index, point_index):
    """The sparse Jacobian in compressed-row form: per observation two rows of 15 entries, then
    one row per weight."""
    n, m, p = cams.shape[0], x.shape[0], w.shape[0]
    v = ba_variables(cams, x, w, cam_index, point_index)
    blocks = jax.vmap(jax.jacrev(ba_residual))(v, feats)  # p × 2 × 15
    weight_derivatives = jax.vmap(jax.grad(lambda wi: 1 - wi * wi))(w)
    vals = jnp.concatenate([blocks.reshape(-1), weight_derivatives])
    rows = jnp.concatenate([jnp.arange(2 * p + 1) * 15, 30 * p + jnp.arange(1, p + 1)])
    block_cols = jnp.concatenate([
        11 * cam_index[:, None] + jnp.arange(11)[None, :],
        11 * n + 3 * point_index[:, None] + jnp.arange(3)[None, :],
        (11 * n + 3 * m + jnp.arange(p))[:, None]], axis=1)
    cols = jnp.concatenate([jnp.repeat(block_cols, 2, axis=0).reshape(-1), 11 * n + 3 * m + jnp.arange(p)])
    return rows, cols, vals


def euler_rotations(angles):
    """Rz·Ry·Rx per row of angles stored in the order x, z, y."""
    cx, sx = jnp.cos(angles[:, 0]), jnp.sin(angles[:, 0])
    cz, sz = jnp.cos(angles[:, 1]), jnp.sin(angles[:, 1])
    cy, sy = jnp.cos(angles[:, 2]), jnp.sin(angles[:, 2])
    o, z = jnp.ones_like(cx), jnp.zeros_like(cx)
    rx = jnp.stack([o, z, z, z, cx, -sx, z, sx, cx], axis=1).reshape(-1, 3, 3)
    ry = jnp.stack([cy, z, sy, z, o, z, -sy, z, cy], axis=1).reshape(-1, 3, 3)
    rz = jnp.stack([cz, -sz, z, sz, cz, z, z, z, o], axis=1).reshape(-1, 3, 3)
    return rz @ ry @ rx


def angle_axis_matrix(axis):
    """The rotation matrix of an angle-axis vector (identity below norm 1e-4)."""
    squared = jnp.sum(axis * axis)
    small = squared < 1e-8
    norm = jnp.sqrt(jnp.where(small, 1.0, squared))
    x, y, z = axis / norm
    s, c = jnp.sin(norm), jnp.cos(norm)
    r = jnp.array([
        [x * x + (1 - x * x) * c, x * y * (1 - c) - z * s, x * z * (1 - c) + y * s],
        [x * y * (1 - c) + z * s, y * y + (1 - y * y) * c, y * z * (1 - c) - x * s],
        [x * z * (1 - c) - y * s, z * y * (1 - c) + x * s, z * z + (1 - z * z) * c]])
    return jnp.where(small, jnp.eye(3), r)


def ht_residuals(theta, us, P):
    """The 3·npts residuals observed point − skinned model point (rows 3i + j)."""
    pose = jnp.concatenate([theta, jnp.array([0.0, 1.0])])[P["pose_index"]]
    rotations = euler_rotations(pose[3:])
    relatives = jnp.concatenate([P["base_relatives"][:, :, :3] @ rotations, P["base_relatives"][:, :, 3:]], axis=2)
    absolutes = []
    for bone, parent in enumerate(P["parents"]):
        absolutes.append(relatives[bone] if parent < 0 else absolutes[parent] @ relatives[bone])
    transforms = jnp.stack(absolutes) @ P["inverse_base_absolutes"]
    skinned = jnp.einsum("vb,bij,vj->vi", P["weights"], transforms[:, :3, :], P["positions"])
    if P["is_mirrored"]:
        skinned = skinned * jnp.array([-1.0, 1.0, 1.0])
    rotation = angle_axis_matrix(pose[0]) * pose[1][None, :]
    vertices = skinned @ rotation.T + pose[2]
    slots = P["slots"]
    if us.shape[0]:
        u0, u1 = us[:, :1], us[:, 1:]
        model = u0 * vertices[slots[:, 0]] + u1 * vertices[slots[:, 1]] + (1 - u0 - u1) * vertices[slots[:, 2]]
    else:
        model = vertices[slots[:, 0]]
    return (P["points"] - model).reshape(-1)


def ht_jacobian(theta, P):
    us = P["us"]
    if not us.shape[0]:
        return jax.jacfwd(lambda t: ht_residuals(t, us, P))(theta)
    shifted = lambda v: ht_residuals(v[2:], us + v[:2][None, :], P)
    return jax.jacfwd(shifted)(jnp.concatenate([jnp.zeros(2), theta]))


def blocking(f, *args):
    """A call of the jitted f on args that waits for the result."""
    return lambda: jax.block_until_ready(f(*args))


def prepared(module, data):
    """(primal call, derivative call, primal output, derivative output) for one input."""
    tolist = lambda r: np.asarray(r).tolist()
    scalar = lambda r: float(r)
    if module == "llsq":
        x, n = jnp.array(data["x"]), data["n"]
        return (blocking(jax.jit(lambda x: llsq(x, n)), x), blocking(jax.jit(jax.grad(lambda x: llsq(x, n))), x),
                scalar, tolist)
    if module == "lse":
        x = jnp.array(data["x"])
        return blocking(jax.jit(lse), x), blocking(jax.jit(jax.grad(lse)), x), scalar, tolist
    if module == "ode":
        s, x = data["s"], jnp.array(data["x"])
        return (blocking(jax.jit(lambda x: ode_last(x, s)), x),
                blocking(jax.jit(jax.grad(lambda x: ode_last(x, s)[-1])), x), tolist, tolist)
    if module == "kmeans":
        points, c = jnp.array(data["points"]), jnp.array(data["centroids"])
        return (blocking(jax.jit(lambda c: kmeans_cost(c, points)), c),
                blocking(jax.jit(lambda c: kmeans_dir(c, points)), c), scalar, tolist)
    if module == "gmm":
        x = jnp.array(data["x"])
        m, gamma = data["m"], data["gamma"]
        f = lambda a, mu, q, l: gmm_objective(a, mu, q, l, x, m, gamma)
        args = tuple(jnp.array(data[key]) for key in ("alpha", "mu", "q", "l"))
        named = lambda g: dict(zip(("alpha", "mu", "q", "l"), map(tolist, g)))
        return (blocking(jax.jit(f), *args), blocking(jax.jit(jax.grad(f, argnums=(0, 1, 2, 3))), *args),
                scalar, named)
    if module == "det":
        ell = data["ell"]
        perms, signs = common.signed_permutations(ell - 1)
        columns = common.det_minor_columns(ell)
        f = lambda a: det(a, ell, jnp.array(columns), jnp.array(perms), jnp.array(signs))
        a = jnp.array(data["A"])
        return blocking(jax.jit(f), a), blocking(jax.jit(jax.grad(f)), a), scalar, tolist
    if module == "lstm":
        P = {k: jnp.array(v) for k, v in common.lstm_problem(data).items()}
        f = lambda main, extra: lstm_objective(main, extra, P["state"], P["sequence"])
        flat = lambda g: np.concatenate([np.asarray(g[0]).reshape(-1), np.asarray(g[1]).reshape(-1)]).tolist()
        args = (P["main_params"], P["extra_params"])
        return blocking(jax.jit(f), *args), blocking(jax.jit(jax.grad(f, argnums=(0, 1))), *args), scalar, flat
    if module == "ba":
        P = common.ba_problem(data)
        args = tuple(jnp.array(P[k]) for k in ("cams", "x", "w", "feats", "cam_index", "point_index"))
        return (blocking(jax.jit(ba_objective), *args), blocking(jax.jit(ba_jacobian), *args),
                lambda r: common.ba_objective_output(*r), lambda r: common.ba_jacobian_output(*r))
    if module == "ht":
        P = common.ht_problem(data)
        theta, us = jnp.array(P["theta"]), jnp.array(P["us"])
        constants = {k: (jnp.array(v) if isinstance(v, np.ndarray) else v) for k, v in P.items()}
        return (blocking(jax.jit(lambda t, u: ht_residuals(t, u, constants)), theta, us),
                blocking(jax.jit(lambda t: ht_jacobian(t, constants)), theta), tolist, tolist)
    raise ValueError(module)


def nested_gradient(mode, f):
    """f's gradient in forward ("f") or reverse ("r") mode."""
    return jax.jacfwd(f) if mode == "f" else jax.grad(f)


def argmin_loop(objective, gradient, start, tolerance=1e-5):
    """common.argmin as a lax.while_loop (JAX's transforms trace abstract values, so the solver's
    branches must be lax control flow): the same steps, decisions on primal values."""
    def body(state):
        x, fx, gx, accepted, eta, _ = state
        stop = jnp.sqrt(jnp.sum(gx * gx)) <= tolerance
        grow = accepted == 10
        candidate = x - eta * gx
        moved = jnp.sqrt(jnp.sum((x - candidate) ** 2))
        stuck = (moved <= tolerance) | ~jnp.isfinite(moved) | (eta == 0)
        step = ~stop & ~grow & ~stuck

        def attempt(_):
            f_candidate = objective(candidate)
            better = f_candidate < fx
            return jax.lax.cond(
                better,
                lambda _: (candidate, f_candidate, gradient(candidate), accepted + 1, eta),
                lambda _: (x, fx, gx, jnp.zeros_like(accepted), eta / 2), None)

        def skip(_):
            return (x, fx, gx, jnp.where(grow, 0, accepted), jnp.where(grow & ~stop, eta * 2, eta))

        x, fx, gx, accepted, eta = jax.lax.cond(step, attempt, skip, None)
        return x, fx, gx, accepted, eta, stop | (~grow & stuck)

    state = (start, objective(start), gradient(start), jnp.array(0), jnp.array(1e-5), jnp.array(False))
    return jax.lax.while_loop(lambda state: ~state[5], body, state)[0]


def saddle_loop(start, outer, inner):
    """common.saddle with argmin_loop."""
    f = lambda x, y: (x[0] * x[0] + x[1] * x[1]) - (y[0] * y[0] + y[1] * y[1])
    maximize = lambda g, mode: argmin_loop(lambda y: -g(y), lambda y: -nested_gradient(mode, g)(y), start)

    def max_over_y(x):
        g = lambda y: f(x, y)
        return f(x, maximize(g, inner))

    x = argmin_loop(max_over_y, nested_gradient(outer, max_over_y), start)
    return jnp.concatenate([x, maximize(lambda y: f(x, y), outer)])


def particle_loop(w0, outer, inner):
    """common.particle with argmin_loop and the Euler steps as a lax.while_loop."""
    dt = 0.1

    def miss(w):
        def potential(x):
            return (1 / jnp.sqrt((x[0] - 10) ** 2 + (x[1] - (10 - w[0])) ** 2)
                    + 1 / jnp.sqrt((x[0] - 10) ** 2 + x[1] ** 2))

        force = nested_gradient(inner, potential)

        def euler(state):
            x, velocity = state
            return x + dt * velocity, velocity - dt * force(x)

        x, velocity = jax.lax.while_loop(lambda state: state[0][1] + dt * state[1][1] > 0, euler,
                                         (jnp.array([0.0, 8.0]), jnp.array([0.75, 0.0])))
        crossing = x[0] - x[1] / velocity[1] * velocity[0]
        return crossing * crossing

    return argmin_loop(miss, nested_gradient(outer, miss), w0)[0]


def nested_solver(module, mode):
    """A compiled call solving saddle or particle in mode ff or fr; None for rf and rr: JAX's
    reverse mode cannot differentiate a lax.while_loop, and the solver's loops branch on values
    (which JAX's transforms only see as abstract tracers, so Python loops do not work either)."""
    if mode[0] == "r":
        return None
    data = common.NESTED_INPUTS[module]
    if module == "saddle":
        solve, argument = (lambda s: saddle_loop(s, mode[0], mode[1])), jnp.array(data["start"])
    else:
        solve, argument = (lambda w: particle_loop(w, mode[0], mode[1])), jnp.array([data["w"]])
    compiled = jax.jit(solve).lower(argument).compile()
    return lambda: np.asarray(jax.block_until_ready(compiled(argument))).tolist()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_arguments(parser, ["llsq", "lse", "det", "kmeans", "gmm", "ode", "ba", "lstm", "ht"])
    args = parser.parse_args()
    common.configure(args)
    common.run("jax", prepared, args, nested_solver)


if __name__ == "__main__":
    main()
