#!/usr/bin/env python3
"""GPU peer baseline: the same all-pairs RNTK algorithm as peer_rntk_numpy.py (the RNTK authors'
released GPU code is JAX with this structure), written with JAX, jit-compiled, one lax.scan over time.
Runs wherever JAX is installed (the device machine has it). float64 unless --f32.
Usage: peer_rntk_jax.py (FILE.tsv [FILE2.tsv ...] | --random N T) [--layers L] [--sw ..] [--su ..]
       [--sb ..] [--sh ..] [--sv ..] [--f32] [--reps 3]
Prints one JSON line: sizes, compile+first-run seconds, steady seconds per Gram, throughput in
layer-pair-steps per second, checksums. --random uses uniform(-1,1) data from numpy seed 1.

Local changes (Rntk.Research bench/gpu): --save-input X.npy writes the N×T float64 input it used, so that
`rntk gram --input X.npy` computes on exactly the same data; --save-gram G.npy writes the Gram it computed (after
the timing), so that every entry can be compared; the JSON line has the trace too (the diagonal is where the
peer rounds differently: arccos of a correlation just below 1); and seconds_to_host, the mean over the same reps of
computing the Gram and copying it to host memory (np.asarray), so that it can be set against a Gram that has to end
up on the host, as ours does. Nothing else differs from the shared copy.
"""
import argparse, json, time
import numpy as np

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--random", nargs=2, type=int, metavar=("N", "T"))
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--sw", type=float, default=2 ** 0.5)
    ap.add_argument("--su", type=float, default=0.5)
    ap.add_argument("--sb", type=float, default=0.1)
    ap.add_argument("--sh", type=float, default=0.0)
    ap.add_argument("--sv", type=float, default=1.0)
    ap.add_argument("--f32", action="store_true")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--save-input", metavar="X.npy")
    ap.add_argument("--save-gram", metavar="G.npy")
    a = ap.parse_args()
    import jax, jax.numpy as jnp
    jax.config.update("jax_enable_x64", not a.f32)
    dt = jnp.float32 if a.f32 else jnp.float64
    if a.random:
        X = np.random.default_rng(1).uniform(-1, 1, tuple(a.random))
    else:
        X = np.array([[float(v) for v in l.split("\t")[1:]] for f in a.files for l in open(f) if l.strip()])
    if a.save_input:
        np.save(a.save_input, np.ascontiguousarray(X, dtype=np.float64))
    N, T = X.shape
    L = a.layers
    sw2, su2, sb2, sh2, sv2 = a.sw ** 2, a.su ** 2, a.sb ** 2, a.sh ** 2, a.sv ** 2

    def VT(M):
        d = jnp.sqrt(jnp.diag(M))
        C = jnp.outer(d, d)
        E = jnp.clip(M / C, -1, 1)
        th = jnp.arccos(E)
        return C * (jnp.sqrt(1 - E * E) + (jnp.pi - th) * E) / (2 * jnp.pi), (jnp.pi - th) / (2 * jnp.pi)

    def gram(X):
        I = jnp.eye(N, dtype=X.dtype)
        def layers(S, Th, xt, first):
            nS, nTh, below = [], [], None
            for l in range(L):
                if first:
                    s = sw2 * sh2 * I + su2 * (jnp.outer(xt, xt) if l == 0 else below[0]) + sb2
                    th = s
                else:
                    K, Kd = VT(S[l])
                    s = sw2 * K + su2 * (jnp.outer(xt, xt) if l == 0 else below[0]) + sb2
                    th = s + sw2 * Kd * Th[l]
                if l > 0:
                    th = th + su2 * below[1] * nTh[-1]
                nS.append(s); nTh.append(th)
                below = VT(s) if l + 1 < L else None
            return jnp.stack(nS), jnp.stack(nTh)
        init = layers(None, None, X[:, 0], True)
        (S, Th), _ = jax.lax.scan(lambda c, xt: (layers(c[0], c[1], xt, False), None), init, X[:, 1:].T)
        K, Kd = VT(S[L - 1])
        return sv2 * (K + Kd * Th[L - 1])

    f = jax.jit(gram)
    Xd = jnp.asarray(X, dtype=dt)
    t0 = time.perf_counter(); G = f(Xd).block_until_ready(); first = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(a.reps):
        G = f(Xd).block_until_ready()
    el = (time.perf_counter() - t0) / a.reps
    t0 = time.perf_counter()
    for _ in range(a.reps):
        np.asarray(f(Xd))
    to_host = (time.perf_counter() - t0) / a.reps
    G = np.asarray(G, dtype=np.float64)
    if a.save_gram:
        np.save(a.save_gram, G)
    print(json.dumps({"peer": "jax all-pairs", "device": str(jax.devices()[0]), "dtype": "float32" if a.f32 else "float64",
                      "n": N, "T": T, "layers": L, "first_seconds": round(first, 4), "seconds": round(el, 5), "seconds_to_host": round(to_host, 5),
                      "layer_pair_steps_per_s": N * N * T * L / el, "sum": float(G.sum()), "trace": float(np.trace(G)),
                      "k01": float(G[0, 1]) if N > 1 else None, "k00": float(G[0, 0])}))

if __name__ == "__main__":
    main()
