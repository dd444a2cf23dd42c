#!/usr/bin/env python3
"""Compares two Gram matrices entry by entry and prints one JSON line (bench/gpu/run-device.sh).
Usage: compare.py A.npy B.npy [--offdiag]     B is the reference; --offdiag leaves the diagonal out.

Entries are compared relative to max(|b|, 1e-3·max|B|): an entry far below the matrix's scale (erf kernels of
zero-mean data cross zero) is only as accurate as the rounding of the scale, and a GPU's fused multiply-adds
round differently from the CPU (PTX lets the compiler contract a·b + c), so a plain per-entry ratio would flag
correct results there. 'pass' is that floored difference ≤ 1e-12 everywhere; the plain ratio is reported too."""
import json, sys
import numpy as np

a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
offdiag = "--offdiag" in sys.argv[3:]
if a.shape != b.shape:
    print(json.dumps({"error": f"shapes differ: {a.shape} vs {b.shape}", "pass": False}))
    sys.exit(0)
mask = ~np.eye(a.shape[0], dtype=bool) if offdiag and a.shape[0] == a.shape[1] else np.ones(a.shape, dtype=bool)
diff = np.abs(a - b)
scale = float(np.abs(b).max())
plain = diff / np.maximum(np.abs(b), 1e-300)
floored = diff / np.maximum(np.abs(b), 1e-3 * scale)
out = {
    "n": int(a.shape[0]),
    "offdiag_only": offdiag,
    "finite": bool(np.isfinite(a).all()),
    "max_rel_diff": float(plain[mask].max()),
    "mean_rel_diff": float(plain[mask].mean()),
    "max_rel_diff_floored": float(floored[mask].max()),
    "entries_over_1e-12": int((floored[mask] > 1e-12).sum()),
    "max_abs_diff_over_max": float(diff[mask].max() / scale) if scale > 0 else 0.0,
    "exactly_symmetric": bool(a.shape[0] == a.shape[1] and (a == a.T).all()),
}
if not offdiag and a.shape[0] == a.shape[1]:
    out["diag_max_rel_diff"] = float(np.diag(plain).max())
out["pass"] = bool(out["finite"] and out["max_rel_diff_floored"] <= 1e-12)
print(json.dumps(out))
