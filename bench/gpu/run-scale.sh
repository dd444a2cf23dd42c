#!/usr/bin/env bash
# A second, optional device check (after run-device.sh): does `--device auto` pick the GPU on a GPU machine (and the
# CPU for a Gram too small to repay starting it), and how long does a Gram of N = 32768 sequences (T = 128, L = 2)
# take when streamed to a .npy file (the path for Grams larger than memory) rather than held in memory?
# Needs the tarball of bench/gpu/prepare.sh (carried) and python3 with numpy. Prints JSON lines; writes them to
# $OUT/scale.jsonl when OUT is set. N and T can be changed: N=4096 T=64 bench/gpu/run-scale.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
N="${N:-32768}"; T="${T:-128}"; PY="${PY:-python3}"
work="$(mktemp -d "$PWD/.bench-work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tar -xzf bench/gpu/rntk-linux-x64.tar.gz -C "$work"
RNTK="$work/rntk/Rntk.Cli"
res="${OUT:+$OUT/scale.jsonl}"; res="${res:-/dev/null}"
"$PY" -c "import numpy as np, sys; g = np.random.default_rng(1); np.save(sys.argv[1], g.uniform(-1, 1, ($N, $T))); np.save(sys.argv[2], g.uniform(-1, 1, (64, 16)))" "$work/X.npy" "$work/small.npy"
OURS=(--layers 2 --sigma-u 0.5 --sigma-b 0.1)
run() { local label="$1"; shift; local t0=$SECONDS line
  line="$("$@" | tail -n 1)"
  printf '{"step": "%s", "seconds_wall": %d, "result": %s}\n' "$label" "$((SECONDS - t0))" "$line" | tee -a "$res"; }
run "auto, 64 x 16 (expect cpu)" "$RNTK" gram --input "$work/small.npy" "${OURS[@]}" --json
run "auto, $N x $T in memory (expect cuda)" "$RNTK" gram --input "$work/X.npy" "${OURS[@]}" --json
run "gpu, $N x $T streamed to .npy" "$RNTK" gram --input "$work/X.npy" "${OURS[@]}" --device gpu --out "$work/K.npy" --json
# The file: its size, and that it is the Gram (symmetric, the same K[0,1] and trace as in memory).
"$PY" - "$work/K.npy" <<'PYEOF' | tee -a "$res"
import json, sys, numpy as np
K = np.load(sys.argv[1], mmap_mode="r")
i = np.random.default_rng(2).integers(0, K.shape[0], (2, 1000))
print(json.dumps({"step": "check K.npy", "shape": list(K.shape), "bytes": K.nbytes, "k01": float(K[0, 1]),
                  "trace": float(np.trace(K)), "symmetric_at_1000_random_pairs": bool(np.array_equal(K[i[0], i[1]], K[i[1], i[0]]))}))
PYEOF
