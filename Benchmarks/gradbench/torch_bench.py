#!/usr/bin/env python3
"""Times PyTorch (eager, float64, CPU, one thread) on the same GradBench inputs as bench.py.

Each objective is written here from the eval's specification (the eval READMEs and the C++
reference's definitions in gradbench/gradbench); derivatives are PyTorch's:
  llsq, lse, ode, gmm, lstm, det: reverse mode by torch.autograd.grad (faster here than
      torch.func.grad)
  kmeans: torch.func.jvp over torch.func.grad (J and diag H)
  ba: torch.func.vmap of jacrev over the observations (each a 2×15 block), assembled in the eval's
      compressed-row layout
  ht: torch.func.jacfwd over θ and, in the complicated variant, over one shift shared by every point's
      barycentric coordinates (row 3i + j depends only on uᵢ, so that column holds ∂/∂uᵢ)
  det: the expansion by minors fully expanded into its ℓ! signed products (the eval's README
      suggests this for tools that cannot trace recursion cheaply), one first-row column at a time
  saddle, particle (not in the default --evals): eager nested torch.func.jacfwd/grad, all four
      variants (seconds to minutes each; use --min-runs 1 --min-seconds 0)
Prints the median time of the primal and of the derivative per eval and size, after one warm-up
call. With --manual DIR every output is checked against gradbench's C++ manual tool with
GradBench's tolerance.

Usage: python3 Benchmarks/gradbench/torch_bench.py [--evals llsq lse ...] [--max-size N] [--manual DIR]
"""
import argparse
import math

import numpy as np
import torch
from torch.func import grad, jacfwd, jacrev, jvp, vmap

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

import common  # noqa: E402  (preprocessing and the timing loop)


def llsq(x, n):
    t = -1 + torch.arange(n, dtype=torch.float64) * 2.0 / (n - 1)
    s = torch.sign(t)
    powers = t[:, None] ** torch.arange(x.shape[0], dtype=torch.float64)[None, :]
    r = s - powers @ x
    return torch.sum(r * r) / 2


def lse(x):
    a = torch.max(x).detach()
    return torch.log(torch.sum(torch.exp(x - a))) + a


def ode_solution(x, s):
    h = 2.0 / s

    def field(y):
        return torch.cat([x[:1], x[1:] * y[:-1]])

    y = torch.zeros_like(x)
    for _ in range(s):
        k1 = field(y)
        k2 = field(y + h / 2 * k1)
        k3 = field(y + h / 2 * k2)
        k4 = field(y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return y


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


def det(a, ell, minor_columns, perms, signs):
    """det A = Σⱼ (−1)ʲ A₀ⱼ det M₀ⱼ, each minor's determinant the sum of its (ℓ−1)! signed products."""
    A = a.reshape(ell, ell)
    rest = A[1:]
    rows = torch.arange(ell - 1)[None, :]
    total = 0
    for j in range(ell):
        B = rest[:, minor_columns[j]]
        minor = torch.sum(signs * torch.prod(B[rows, perms], dim=1))
        total = total + (-1.0) ** j * A[0, j] * minor
    return total


def lstm_objective(main, extra, state, sequence):
    """ADBench's LSTM (diagonal weights): mean negative log-likelihood of each next character's bits."""
    layers, b = main.shape[0] // 2, sequence.shape[1]
    hidden = [state[2 * layer] for layer in range(layers)]
    cell = [state[2 * layer + 1] for layer in range(layers)]
    total = 0
    for t in range(sequence.shape[0] - 1):
        layer_input = sequence[t] * extra[0]
        for layer in range(layers):
            w, bias = main[2 * layer], main[2 * layer + 1]
            gate = lambda g, v: v * w[g * b:(g + 1) * b] + bias[g * b:(g + 1) * b]
            forget = torch.sigmoid(gate(0, layer_input))
            ingate = torch.sigmoid(gate(1, hidden[layer]))
            outgate = torch.sigmoid(gate(2, layer_input))
            change = torch.tanh(gate(3, hidden[layer]))
            cell[layer] = cell[layer] * forget + ingate * change
            hidden[layer] = outgate * torch.tanh(cell[layer])
            layer_input = hidden[layer]
        prediction = layer_input * extra[1] + extra[2]
        log_sum = torch.log(torch.sum(torch.exp(prediction)) + 2)  # ADBench's logsumexp adds 2
        total = total + torch.sum(sequence[t + 1] * (prediction - log_sum))
    return -total / ((sequence.shape[0] - 1) * b)


def rodrigues(r, p):
    """Rotation of p by the angle-axis vector r (first order when r = 0)."""
    squared = torch.sum(r * r)
    nonzero = squared != 0
    angle = torch.sqrt(torch.where(nonzero, squared, torch.ones_like(squared)))
    w = r / angle
    c, s = torch.cos(angle), torch.sin(angle)
    full = p * c + torch.linalg.cross(w, p) * s + w * torch.dot(w, p) * (1 - c)
    return torch.where(nonzero, full, p + torch.linalg.cross(r, p))


def ba_residual(v, feature):
    """The weighted reprojection error of one observation; v = camera (11), point (3), weight."""
    rotated = rodrigues(v[0:3], v[11:14] - v[3:6])
    projected = rotated[:2] / rotated[2]
    rsq = torch.sum(projected * projected)
    distorted = projected * (1 + v[9] * rsq + v[10] * rsq * rsq)
    return v[14] * (distorted * v[6] + v[7:9] - feature)


def ba_variables(cams, x, w, cam_index, point_index):
    return torch.cat([cams[cam_index], x[point_index], w[:, None]], dim=1)


def ba_objective(cams, x, w, feats, cam_index, point_index):
    v = ba_variables(cams, x, w, cam_index, point_index)
    return vmap(ba_residual)(v, feats), 1 - w * w


def ba_jacobian(cams, x, w, feats, cam_index, point_index):
    """The sparse Jacobian in compressed-row form: per observation two rows of 15 entries, then
    one row per weight."""
    n, m, p = cams.shape[0], x.shape[0], w.shape[0]
    v = ba_variables(cams, x, w, cam_index, point_index)
    blocks = vmap(jacrev(ba_residual))(v, feats)  # p × 2 × 15
    weight_derivatives = vmap(grad(lambda wi: 1 - wi * wi))(w)
    vals = torch.cat([blocks.reshape(-1), weight_derivatives])
    rows = torch.cat([torch.arange(2 * p + 1) * 15, 30 * p + torch.arange(1, p + 1)])
    block_cols = torch.cat([
        11 * cam_index[:, None] + torch.arange(11)[None, :],
        11 * n + 3 * point_index[:, None] + torch.arange(3)[None, :],
        (11 * n + 3 * m + torch.arange(p))[:, None]], dim=1)
    cols = torch.cat([torch.repeat_interleave(block_cols, 2, dim=0).reshape(-1), 11 * n + 3 * m + torch.arange(p)])
    return rows, cols, vals


def euler_rotations(angles):
    """Rz·Ry·Rx per row of angles stored in the order x, z, y."""
    cx, sx = torch.cos(angles[:, 0]), torch.sin(angles[:, 0])
    cz, sz = torch.cos(angles[:, 1]), torch.sin(angles[:, 1])
    cy, sy = torch.cos(angles[:, 2]), torch.sin(angles[:, 2])
    o, z = torch.ones_like(cx), torch.zeros_like(cx)
    rx = torch.stack([o, z, z, z, cx, -sx, z, sx, cx], dim=1).reshape(-1, 3, 3)
    ry = torch.stack([cy, z, sy, z, o, z, -sy, z, cy], dim=1).reshape(-1, 3, 3)
    rz = torch.stack([cz, -sz, z, sz, cz, z, z, z, o], dim=1).reshape(-1, 3, 3)
    return rz @ ry @ rx


def angle_axis_matrix(axis):
    """The rotation matrix of an angle-axis vector (identity below norm 1e-4)."""
    squared = torch.sum(axis * axis)
    small = squared < 1e-8
    norm = torch.sqrt(torch.where(small, torch.ones_like(squared), squared))
    x, y, z = axis / norm
    s, c = torch.sin(norm), torch.cos(norm)
    r = torch.stack([
        x * x + (1 - x * x) * c, x * y * (1 - c) - z * s, x * z * (1 - c) + y * s,
        x * y * (1 - c) + z * s, y * y + (1 - y * y) * c, y * z * (1 - c) - x * s,
        x * z * (1 - c) - y * s, z * y * (1 - c) + x * s, z * z + (1 - z * z) * c]).reshape(3, 3)
    return torch.where(small, torch.eye(3), r)


def ht_residuals(theta, us, P):
    """The 3·npts residuals observed point − skinned model point (rows 3i + j)."""
    pose = torch.cat([theta, torch.tensor([0.0, 1.0])])[P["pose_index"]]
    rotations = euler_rotations(pose[3:])
    relatives = torch.cat([P["base_relatives"][:, :, :3] @ rotations, P["base_relatives"][:, :, 3:]], dim=2)
    absolutes = []
    for bone, parent in enumerate(P["parents"]):
        absolutes.append(relatives[bone] if parent < 0 else absolutes[parent] @ relatives[bone])
    transforms = torch.stack(absolutes) @ P["inverse_base_absolutes"]
    skinned = torch.einsum("vb,bij,vj->vi", P["weights"], transforms[:, :3, :], P["positions"])
    if P["is_mirrored"]:
        skinned = skinned * torch.tensor([-1.0, 1.0, 1.0])
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
        return jacfwd(lambda t: ht_residuals(t, us, P))(theta)
    shifted = lambda v: ht_residuals(v[2:], us + v[:2][None, :], P)
    return jacfwd(shifted)(torch.cat([torch.zeros(2), theta]))


def gradient_call(f, *args):
    """A call computing ∂f/∂args by PyTorch's reverse mode (torch.autograd.grad, measured faster
    here than torch.func.grad, e.g. 2.1 s against 2.8 s on lstm l=2, c=1024)."""
    leaves = [a.detach().requires_grad_() for a in args]
    return lambda: torch.autograd.grad(f(*leaves), leaves)


def prepared(module, data):
    """(primal call, derivative call, primal output, derivative output) for one input."""
    t = lambda v: torch.tensor(np.asarray(v))
    tolist = lambda r: r.detach().numpy().tolist()
    scalar = lambda r: float(r)
    first = lambda r: tolist(r[0])

    def primal_call(f, *args):
        def call():
            with torch.no_grad():
                return f(*args)
        return call

    if module == "llsq":
        x, n = t(data["x"]), data["n"]
        return primal_call(lambda: llsq(x, n)), gradient_call(lambda x: llsq(x, n), x), scalar, first
    if module == "lse":
        x = t(data["x"])
        return primal_call(lse, x), gradient_call(lse, x), scalar, first
    if module == "ode":
        s, x = data["s"], t(data["x"])
        return (primal_call(ode_solution, x, s), gradient_call(lambda x: ode_solution(x, s)[-1], x), tolist, first)
    if module == "kmeans":
        points, c = t(data["points"]), t(data["centroids"])
        return primal_call(kmeans_cost, c, points), lambda: kmeans_dir(c, points), scalar, tolist
    if module == "gmm":
        x, m, gamma, d = t(data["x"]), data["m"], data["gamma"], data["d"]
        # l fills Q's strictly lower part column by column.
        pairs = [(r, c) for c in range(d) for r in range(c + 1, d)]
        lower = torch.tensor([r * d + c for r, c in pairs], dtype=torch.long)
        f = lambda a, mu, q, l: gmm_objective(a, mu, q, l, x, m, gamma, lower)
        args = tuple(t(data[key]) for key in ("alpha", "mu", "q", "l"))
        named = lambda g: dict(zip(("alpha", "mu", "q", "l"), map(tolist, g)))
        return primal_call(f, *args), gradient_call(f, *args), scalar, named
    if module == "det":
        ell = data["ell"]
        perms, signs = common.signed_permutations(ell - 1)
        constants = (torch.tensor(common.det_minor_columns(ell), dtype=torch.long),
                     torch.tensor(perms, dtype=torch.long), torch.tensor(signs))
        f = lambda a: det(a, ell, *constants)
        a = t(data["A"])
        return primal_call(f, a), gradient_call(f, a), scalar, first
    if module == "lstm":
        P = {k: t(v) for k, v in common.lstm_problem(data).items()}
        f = lambda main, extra: lstm_objective(main, extra, P["state"], P["sequence"])
        flat = lambda g: torch.cat([g[0].reshape(-1), g[1].reshape(-1)]).numpy().tolist()
        args = (P["main_params"], P["extra_params"])
        return primal_call(f, *args), gradient_call(f, *args), scalar, flat
    if module == "ba":
        P = common.ba_problem(data)
        args = tuple(t(P[k]) for k in ("cams", "x", "w", "feats", "cam_index", "point_index"))
        return (primal_call(ba_objective, *args), lambda: ba_jacobian(*args),
                lambda r: common.ba_objective_output(r[0].numpy(), r[1].numpy()),
                lambda r: common.ba_jacobian_output(*(v.detach().numpy() for v in r)))
    if module == "ht":
        P = common.ht_problem(data)
        constants = {k: (t(v) if isinstance(v, np.ndarray) else v) for k, v in P.items()}
        constants["pose_index"] = constants["pose_index"].long()
        constants["slots"] = constants["slots"].long()
        theta, us = constants["theta"], constants["us"]
        return primal_call(ht_residuals, theta, us, constants), lambda: ht_jacobian(theta, constants), tolist, tolist
    raise ValueError(module)


def nested_gradient(mode, f):
    """f's gradient in forward ("f") or reverse ("r") mode."""
    return jacfwd(f) if mode == "f" else grad(f)


def nested_solver(module, mode):
    """A call solving saddle or particle in one of the modes ff, fr, rf, rr (eager torch.func
    transforms; the solver's Python loops branch on values read by .item())."""
    data = common.NESTED_INPUTS[module]
    if module == "saddle":
        return lambda: common.saddle(data["start"], mode[0], mode[1], torch.tensor, nested_gradient, lambda t: t.item())
    return lambda: common.particle(data["w"], mode[0], mode[1], torch.tensor, torch.sqrt, nested_gradient, lambda t: t.item())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_arguments(parser, ["llsq", "lse", "det", "kmeans", "gmm", "ode", "ba", "lstm", "ht"])
    args = parser.parse_args()
    common.configure(args)
    common.run("torch", prepared, args, nested_solver)


if __name__ == "__main__":
    main()
