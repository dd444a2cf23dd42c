#!/usr/bin/env python3
"""An independent oracle for the RNTK and NNGP (docs/math.md §1–§5), used by FullGridOracleTests.

Written from the formulas, not from the library: it fills the whole (T+1)×(T′+1) grid of every layer, boundary row
and column included, in plain Python loops, where the library walks diagonal chains in C#. ReLU and erf closed-form
duals; last-step or average-pooled readout; forward or bidirectional; independent or shared h0; m channels.

Input (stdin): one JSON object per line, {"layers", "sw", "su", "sb", "sh", "sv", "act": "relu"|"erf",
"readout": "last"|"avg", "bidirectional": bool, "shared": bool, "seqs": [[[x_t channels...] per step] per series]}.
Output (stdout): one JSON line per input: {"rntk": N×N, "nngp": N×N}, entry (i, j) the kernel of series i and j
(i = j: the same data point)."""
import json, math, sys


def dual(act, a, b, c, same_point):
    """(V, V̇) of the activation for the covariance [[a, c], [c, b]]; same_point: a = b = c exactly (ρ = 1)."""
    if act == "relu":
        if a <= 0 or b <= 0:
            return 0.0, 0.25
        s = math.sqrt(a * b)
        rho = 1.0 if same_point else max(-1.0, min(1.0, c / s))
        th = math.acos(rho)
        return s / (2 * math.pi) * (rho * (math.pi - th) + math.sqrt(max(0.0, 1 - rho * rho))), (math.pi - th) / (2 * math.pi)
    if act == "erf":
        d = (1 + 2 * a) * (1 + 2 * b)
        return 2 / math.pi * math.asin(2 * c / math.sqrt(d)), 4 / math.pi / math.sqrt(d - 4 * c * c)
    raise ValueError(act)


def grid(cfg, x, y, same_point):
    """K, K̇, Θ of the top layer on the full grid of x (rows) and y (columns), index 0 = the initial state."""
    L, act = cfg["layers"], cfg["act"]
    sw2, su2, sb2, sh2 = cfg["sw"] ** 2, cfg["su"] ** 2, cfg["sb"] ** 2, cfg["sh"] ** 2
    T, U, m = len(x), len(y), len(x[0])
    # Per-series variances q[l][t] (t ≥ 1), each series meeting its own initial state: K̄_0 = σh².
    def variances(s):
        q = [[0.0] * (len(s) + 1) for _ in range(L)]
        for t in range(1, len(s) + 1):
            for l in range(L):
                prev = sh2 if t == 1 else dual(act, q[l][t - 1], q[l][t - 1], q[l][t - 1], True)[0]
                inp = sum(v * v for v in s[t - 1]) / m if l == 0 else dual(act, q[l - 1][t], q[l - 1][t], q[l - 1][t], True)[0]
                q[l][t] = sw2 * prev + su2 * inp + sb2
        return q
    qx, qy = variances(x), variances(y)
    h0 = sh2 if (same_point or cfg["shared"]) else 0.0
    below = None   # the layer below's (K, K̇, Θ) grids
    for l in range(L):
        K = [[0.0] * (U + 1) for _ in range(T + 1)]
        Kd = [[0.0] * (U + 1) for _ in range(T + 1)]
        Th = [[0.0] * (U + 1) for _ in range(T + 1)]
        K[0][0] = h0   # boundary: K_{0,0} = σh² for the same point (or shared h0), K_{t,0} = K_{0,t'} = 0, Θ = 0
        for t in range(1, T + 1):
            for u in range(1, U + 1):
                if l == 0:
                    inp = sum(a * b for a, b in zip(x[t - 1], y[u - 1])) / m
                else:
                    inp = below[0][t][u]
                sigma = sw2 * K[t - 1][u - 1] + su2 * inp + sb2
                theta = sigma + sw2 * Kd[t - 1][u - 1] * Th[t - 1][u - 1]
                if l > 0:
                    theta += su2 * below[1][t][u] * below[2][t][u]
                diag = same_point and t == u
                K[t][u], Kd[t][u] = dual(act, qx[l][t], qy[l][u], qx[l][t] if diag else sigma, diag)
                Th[t][u] = theta
        below = (K, Kd, Th)
    return below


def kernel(cfg, x, y, same_point):
    K, Kd, Th = grid(cfg, x, y, same_point)
    sv2 = cfg["sv"] ** 2
    cells = [(len(x), len(y))] if cfg["readout"] == "last" else [(t, u) for t in range(1, len(x) + 1) for u in range(1, len(y) + 1)]
    w = 1.0 / len(cells)
    rntk = sum(sv2 * (K[t][u] + Kd[t][u] * Th[t][u]) for t, u in cells) * w
    nngp = sum(sv2 * K[t][u] for t, u in cells) * w
    return rntk, nngp


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        cfg = json.loads(line)
        seqs = cfg["seqs"]
        n = len(seqs)
        R = [[0.0] * n for _ in range(n)]
        G = [[0.0] * n for _ in range(n)]
        for i in range(n):
            for j in range(n):
                r, g = kernel(cfg, seqs[i], seqs[j], i == j)
                if cfg["bidirectional"]:
                    rb, gb = kernel(cfg, seqs[i][::-1], seqs[j][::-1], i == j)
                    r, g = r + rb, g + gb
                R[i][j], G[i][j] = r, g
        print(json.dumps({"rntk": R, "nngp": G}))


if __name__ == "__main__":
    main()
