#!/usr/bin/env python3
"""Peer baseline for Gram-matrix speed: the all-pairs RNTK algorithm that the RNTK authors'
released GPU code uses (one N x N array per layer, every pair advanced together, one time step
at a time), written with numpy. Equal-length series only, ReLU, last-step readout, independent h0.

Needs numpy (Debian: apt-get install -y python3-numpy; run with /usr/bin/python3).
Usage: peer_rntk_numpy.py FILE.tsv [FILE2.tsv ...] [--layers L] [--sw 1.4142] [--su 0.5]
       [--sb 0.1] [--sh 0.0] [--sv 1.0] [--limit N] [--threads K]
Reads UCR TSV files (label first, tab separated), stacks their rows, z-normalises nothing,
and prints one JSON line: sizes, seconds for the Gram computation alone, throughput in
layer-pair-steps per second (N*N*T*L / seconds), and checksums of the Gram matrix.

Copy of the workspace's shared peer baseline (shared/bench), unchanged, so that `rntk bench` finds it in a
fresh clone (Rntk.Research bench/).
"""
import argparse, json, os, sys, time

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--sw", type=float, default=2 ** 0.5)
    ap.add_argument("--su", type=float, default=0.5)
    ap.add_argument("--sb", type=float, default=0.1)
    ap.add_argument("--sh", type=float, default=0.0)
    ap.add_argument("--sv", type=float, default=1.0)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    if a.threads:
        for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[v] = str(a.threads)
    import numpy as np
    rows = []
    for f in a.files:
        for line in open(f):
            if line.strip():
                rows.append([float(v) for v in line.split("\t")[1:]])
    if a.limit:
        rows = rows[: a.limit]
    X = np.array(rows, dtype=np.float64)          # N x T
    if np.isnan(X).any():
        sys.exit("equal-length series without NaN only")
    N, T = X.shape
    L = a.layers
    sw2, su2, sb2, sh2, sv2 = a.sw ** 2, a.su ** 2, a.sb ** 2, a.sh ** 2, a.sv ** 2
    I = np.eye(N)

    def VT(M):
        d = np.sqrt(np.diag(M))
        C = np.outer(d, d)
        E = np.clip(M / C, -1.0, 1.0)
        th = np.arccos(E)
        K = C * (np.sqrt(1.0 - E * E) + (np.pi - th) * E) / (2 * np.pi)
        Kd = (np.pi - th) / (2 * np.pi)
        return K, Kd

    t0 = time.perf_counter()
    S = [None] * L
    Th = [None] * L
    for t in range(T):
        xt = X[:, t]
        newS, newTh, below = [None] * L, [None] * L, None
        for l in range(L):
            if t == 0:
                prevK, prevKd, prevTh = sh2 * I, None, None
            else:
                prevK, prevKd = VT(S[l])
                prevTh = Th[l]
            inp = np.outer(xt, xt) if l == 0 else below[0]
            s = sw2 * prevK + su2 * inp + sb2
            th = s.copy()
            if prevTh is not None:
                th += sw2 * prevKd * prevTh
            if l > 0:
                th += su2 * below[1] * newTh[l - 1]
            newS[l], newTh[l] = s, th
            below = VT(s) if l + 1 < L else None
        S, Th = newS, newTh
    K, Kd = VT(S[L - 1])
    G = sv2 * (K + Kd * Th[L - 1])
    el = time.perf_counter() - t0
    print(json.dumps({"peer": "numpy all-pairs", "n": N, "T": T, "layers": L, "seconds": round(el, 4),
                      "layer_pair_steps_per_s": N * N * T * L / el, "sum": float(G.sum()),
                      "k01": float(G[0, 1]) if N > 1 else None, "k00": float(G[0, 0])}))

if __name__ == "__main__":
    main()
