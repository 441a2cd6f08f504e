"""Framework-independent pieces shared by jax_bench.py and torch_bench.py.

Everything here is numpy preprocessing of an eval's input (done once per input, never timed),
shaping of outputs into the form gradbench's tools answer with (so that bench.mismatches can
compare them with the C++ manual tool's), and the timing and reporting loop of the two scripts.
"""
import json
import math
import statistics
import time

import numpy as np

import bench


def signed_permutations(n):
    """All n! permutations of range(n) as rows of an int32 array, and their signs (±1.0)."""
    perms = np.zeros((1, 0), dtype=np.int32)
    signs = np.ones(1)
    for k in range(n):
        # Insert element k at every position of the permutations of range(k); inserting it at
        # position p moves it past k − p larger-indexed entries, flipping the sign k − p times.
        blocks, block_signs = [], []
        for position in range(k + 1):
            blocks.append(np.insert(perms, position, k, axis=1))
            block_signs.append(signs * (-1.0) ** (k - position))
        perms, signs = np.concatenate(blocks), np.concatenate(block_signs)
    return perms, signs


def det_minor_columns(ell):
    """For each first-row column j, the columns of the minor without row 0 and column j."""
    return np.array([[c for c in range(ell) if c != j] for j in range(ell)], dtype=np.int32)


def ba_problem(data):
    """The duplicated ba problem: cameras (n×11), points (m×3), weights (p), features (p×2), and
    each observation's camera and point index (i mod n, i mod m)."""
    n, m, p = data["n"], data["m"], data["p"]
    return {
        "cams": np.tile(np.array(data["cam"]), (n, 1)),
        "x": np.tile(np.array(data["x"]), (m, 1)),
        "w": np.full(p, float(data["w"])),
        "feats": np.tile(np.array(data["feat"]), (p, 1)),
        "cam_index": np.arange(p) % n,
        "point_index": np.arange(p) % m,
    }


def ba_objective_output(reproj, w_err):
    """The ba objective answer in the manual tool's (abbreviated) form."""
    reproj, w_err = np.asarray(reproj).reshape(-1), np.asarray(w_err).reshape(-1)
    return {"reproj_error": {"elements": reproj[:2].tolist(), "repeated": len(reproj) // 2},
            "w_err": {"element": float(w_err[0]), "repeated": len(w_err)}}


def ba_jacobian_output(rows, cols, vals):
    """The ba Jacobian answer: the first 30 and the last entry of each compressed-row list."""
    cut = lambda a: np.concatenate([np.asarray(a)[:30], np.asarray(a)[-1:]]).tolist()
    return {"rows": cut(rows), "cols": cut(cols), "vals": cut(vals)}


def lstm_problem(data):
    """lstm arrays: main (2l×4b), extra (3×b), state (2l×b), sequence (c×b)."""
    return {key: np.array(data[key]) for key in ("main_params", "extra_params", "state", "sequence")}


def ht_pose_index(bones):
    """Where each entry of the 3×(bones + 3) pose matrix (stored as rows = pose columns) comes from
    in [θ (26), 0, 1]: column 0 global rotation θ0..2, column 1 scale 1, column 2 translation θ3..5,
    then per finger (5 of them, starting at column 5, one column skipped after each) three joints,
    the first with two angles, the others with one."""
    zero, one = 26, 27
    index = np.full((bones + 3, 3), zero, dtype=np.int32)
    index[0] = [0, 1, 2]
    index[1] = one
    index[2] = [3, 4, 5]
    t, column = 6, 5
    for _ in range(5):
        for joint in (2, 3, 4):
            index[column, 0] = t
            t += 1
            if joint == 2:
                index[column, 1] = t
                t += 1
            column += 1
        column += 1
    return index


def ht_problem(data):
    """The ht problem with only the mesh vertices the residuals read (as Slope does): their
    homogeneous positions and skinning weights, and per point the slots of its vertices."""
    model = data["data"]["model"]
    positions = np.array(model["base_positions"])
    weights = np.array(model["weights"])
    correspondences = np.array(data["data"]["correspondences"])
    us = np.array(data["us"]) if data["us"] else np.zeros((0, 2))
    vertices = np.array(model["triangles"])[correspondences] if len(us) else correspondences[:, None]
    used, slots = np.unique(vertices.reshape(-1), return_inverse=True)
    return {
        "parents": list(model["parents"]),
        "base_relatives": np.array(model["base_relatives"]),
        "inverse_base_absolutes": np.array(model["inverse_base_absolutes"]),
        "positions": positions[used], "weights": weights[used],
        "slots": slots.reshape(vertices.shape).astype(np.int32),
        "points": np.array(data["data"]["points"]), "us": us,
        "theta": np.array(data["theta"]), "is_mirrored": bool(model["is_mirrored"]),
        "pose_index": ht_pose_index(len(model["parents"])),
    }


def timed(call, runs, min_seconds):
    """Median nanoseconds of `call()` after one warm-up call (which also compiles, if jitted)."""
    call()
    times = []
    while len(times) < runs or sum(times) < min_seconds * 1e9:
        start = time.perf_counter_ns()
        call()
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times)


def run(name, prepared, args, nested_solver=None):
    """The scripts' main loop: per eval and size, time the primal and the derivative, check both
    against the C++ manual tool if --manual is given, print a line, and collect a JSON record.

    `prepared(module, data)` returns (primal call, derivative call, primal output, derivative
    output): the calls take no arguments and block until done; the outputs turn a call's result
    into the eval's answer form. `nested_solver` is run_nested's `solver`.
    """
    records = []
    print(f"{'eval':8} {'size':28} {name + ' primal':>13} {name + ' deriv':>13} {'d/p':>7} check", flush=True)
    for module in args.evals:
        if module in NESTED_INPUTS:
            run_nested(module, nested_solver, args, records)
            continue
        primal_fn, deriv_fn = bench.PAIRS[module]
        for i, (size, data) in enumerate(bench.INPUTS[module](False)):
            if args.max_size and i >= args.max_size:
                break
            primal, derivative, primal_out, derivative_out = prepared(module, data)
            tp = timed(primal, args.min_runs, args.min_seconds)
            td = timed(derivative, args.min_runs, args.min_seconds)
            check = ""
            if args.manual:
                once = {"min_runs": 1, "min_seconds": 0}
                expected_p, _ = bench.manual_run(args.manual, module, primal_fn, data, once)
                expected_d, _ = bench.manual_run(args.manual, module, deriv_fn, data, once)
                bad = (bench.mismatches(expected_p, primal_out(primal()))
                       + bench.mismatches(expected_d, derivative_out(derivative())))
                check = "ok" if bad == 0 else f"WRONG({bad})"
            print(f"{module:8} {size:28} {bench.fmt(tp):>13} {bench.fmt(td):>13} {td / tp:7.2f} {check}", flush=True)
            records.append({"eval": module, "size": size, "primal_ns": tp, "derivative_ns": td, "check": check})
    if args.json:
        with open(args.json, "w") as f:
            json.dump(records, f, indent=1)


def add_arguments(parser, default_evals):
    """The options both scripts share."""
    parser.add_argument("--evals", nargs="+", default=default_evals)
    parser.add_argument("--min-runs", type=int, default=3)
    parser.add_argument("--min-seconds", type=float, default=0.2)
    parser.add_argument("--max-size", type=int, default=0, help="only the first N sizes of each eval")
    parser.add_argument("--manual", help="directory of gradbench's C++ manual tool binaries: check every output against it")
    parser.add_argument("--json", help="also write the measurements to this file")
    bench.add_data_arguments(parser)


def configure(args):
    """Hands the data locations to bench.py's input generators."""
    bench.use_data(args)


# The nested evals, saddle and particle, written once over a framework: `array` builds a vector
# from floats, `sqrt` is the framework's, `value` reads a scalar's primal value as a float (the
# solver's decisions look at primal values only), and `gradient(mode, f)` is f's gradient in
# forward ("f") or reverse ("r") mode.

NESTED_INPUTS = {"saddle": {"start": [1.0, 1.0]}, "particle": {"w": 0.0}}


def argmin(objective, gradient, start, value, tolerance=1e-5):
    """Gradient descent as the saddle and particle evals prescribe (gradbench's gd.hpp): the step
    size starts at 1e-5, doubles after 10 accepted steps and halves after a rejected one; stop
    when the gradient's norm or a step's length is at most 1e-5."""
    x, fx, gx = start, value(objective(start)), gradient(start)
    accepted, eta = 0, 1e-5
    while True:
        if math.sqrt(value((gx * gx).sum())) <= tolerance:
            return x
        if accepted == 10:
            eta, accepted = eta * 2, 0
            continue
        candidate = x - eta * gx
        step = x - candidate
        moved = math.sqrt(value((step * step).sum()))
        if moved <= tolerance or not math.isfinite(moved) or eta == 0:
            return x
        f_candidate = value(objective(candidate))
        if f_candidate < fx:
            x, fx, gx = candidate, f_candidate, gradient(candidate)
            accepted += 1
        else:
            eta, accepted = eta / 2, 0


def argmax(objective, gradient, start, value):
    return argmin(lambda x: -objective(x), lambda x: -gradient(x), start, value)


def saddle(start, outer, inner, array, gradient, value):
    """min over x of max over y of (x₁² + x₂²) − (y₁² + y₂²), both by gradient descent from
    `start`, the outer descent in `outer` mode differentiating through the inner ascent (in
    `inner` mode); then the ascent over y at that x, in `outer` mode. Returns x and y."""
    f = lambda x, y: (x[0] * x[0] + x[1] * x[1]) - (y[0] * y[0] + y[1] * y[1])

    def max_over_y(x):
        g = lambda y: f(x, y)
        return f(x, argmax(g, gradient(inner, g), array(start), value))

    x = argmin(max_over_y, gradient(outer, max_over_y), array(start), value)
    g = lambda y: f(x, y)
    y = argmax(g, gradient(outer, g), array(start), value)
    return [value(v) for v in (x[0], x[1], y[0], y[1])]


def particle(w0, outer, inner, array, sqrt, gradient, value):
    """The control w (from w0, gradient descent in `outer` mode) for which a particle driven by
    naive Euler steps (dt 0.1) through the field of charges at (10, 10 − w) and (10, 0), the force
    −∇p taken in `inner` mode, crosses the x axis at the origin."""
    def miss(w):
        def potential(x):
            return (1 / sqrt((x[0] - 10) ** 2 + (x[1] - (10 - w[0])) ** 2)
                    + 1 / sqrt((x[0] - 10) ** 2 + x[1] ** 2))

        force = gradient(inner, potential)
        x, velocity, dt = array([0.0, 8.0]), array([0.75, 0.0]), 0.1
        while True:
            g = force(x)
            following = x + dt * velocity
            if not value(following[1]) > 0:
                break
            x, velocity = following, velocity - dt * g
        tf = -x[1] / velocity[1]
        crossing = x[0] + tf * velocity[0]
        return crossing * crossing

    return value(argmin(miss, gradient(outer, miss), array([w0]), value)[0])


def run_nested(module, solver, args, records):
    """Times each of the four modes of saddle or particle and checks the result against the eval's
    published constant. `solver(module, mode)` gives a call returning the answer, ready to run (a
    jitted one already compiled, so no warm-up call: an eager run can take minutes), or None for a
    mode the framework cannot do."""
    golden = bench.NESTED_GOLDEN[module]
    for mode in ("ff", "fr", "rf", "rr"):
        call = solver(module, mode)
        if call is None:
            print(f"{module:8} {mode:28} {'':>13} {'n/a':>13}", flush=True)
            continue
        times = []
        while len(times) < args.min_runs or sum(times) < args.min_seconds * 1e9:
            start = time.perf_counter_ns()
            answer = call()
            times.append(time.perf_counter_ns() - start)
        td = statistics.median(times)
        bad = bench.mismatches(golden, answer)
        check = "ok" if bad == 0 else f"WRONG({bad})"
        print(f"{module:8} {mode:28} {'':>13} {bench.fmt(td):>13} {'':>7} {check}", flush=True)
        records.append({"eval": module, "size": mode, "primal_ns": None, "derivative_ns": td, "check": check})
