#!/usr/bin/env bash
# A second, optional device check (after run-device.sh): does `--device auto` pick the GPU on a GPU machine (and the
# CPU for a Gram too small to repay starting it), and how long does a Gram of N = 32768 sequences (T = 128, L = 2)
# take when streamed to a .npy file (the path for Grams larger than memory) rather than held in memory?
# Needs the tarball of bench/gpu/prepare.sh (carried) and python3 with numpy. Prints JSON lines; writes them to
# $OUT/scale.jsonl when OUT is set. N and T can be changed: N=4096 T=64 bench/gpu/run-scale.sh. Each step runs under
# a time limit (LIMIT, 300 s) and records its exit status; the device a step ran on is checked against the expected one.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
N="${N:-32768}"; T="${T:-128}"; PY="${PY:-python3}"; LIMIT="${LIMIT:-300}"
work="$(mktemp -d "$PWD/.bench-work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tar -xzf bench/gpu/rntk-linux-x64.tar.gz -C "$work" || { echo "bench/gpu/rntk-linux-x64.tar.gz is missing: run bench/gpu/prepare.sh" >&2; exit 1; }
RNTK="$work/rntk/Rntk.Cli"
res="${OUT:+$OUT/scale.jsonl}"; res="${res:-/dev/null}"
: >"$res"
"$PY" -c "import numpy as np, sys; g = np.random.default_rng(1); np.save(sys.argv[1], g.uniform(-1, 1, ($N, $T))); np.save(sys.argv[2], g.uniform(-1, 1, (64, 16)))" "$work/X.npy" "$work/small.npy"
OURS=(--layers 2 --sigma-u 0.5 --sigma-b 0.1)
# run LABEL EXPECTED-DEVICE-PREFIX COMMAND…: one JSON line with the exit status, whether the device was the expected
# one, and the command's JSON (null when it printed none).
run() { local label="$1" expect="$2"; shift 2; local t0=$SECONDS line rc ok
  line="$(timeout -k 5 "$LIMIT" "$@" | tail -n 1)"; rc=${PIPESTATUS[0]}
  "$PY" -c 'import json, sys; json.loads(sys.argv[1])' "$line" 2>/dev/null || line=null
  ok="$("$PY" -c 'import json, sys; r = json.loads(sys.argv[1]); print("true" if r and r["device"].startswith(sys.argv[2]) else "false")' "$line" "$expect")"
  printf '{"step": "%s", "rc": %d, "seconds_wall": %d, "expected_device": "%s", "as_expected": %s, "result": %s}\n' \
    "$label" "$rc" "$((SECONDS - t0))" "$expect" "$ok" "$line" | tee -a "$res"; }
run "auto, 64 x 16" cpu "$RNTK" gram --input "$work/small.npy" "${OURS[@]}" --json
run "auto, $N x $T in memory" cuda "$RNTK" gram --input "$work/X.npy" "${OURS[@]}" --json
run "gpu, $N x $T streamed to .npy" cuda "$RNTK" gram --input "$work/X.npy" "${OURS[@]}" --device gpu --out "$work/K.npy" --json
[[ -f "$work/K.npy" ]] || exit 1
# The file: its size, and that it is the Gram (symmetric, the same K[0,1] and trace as in memory).
"$PY" - "$work/K.npy" <<'PYEOF' | tee -a "$res"
import json, sys, numpy as np
K = np.load(sys.argv[1], mmap_mode="r")
i = np.random.default_rng(2).integers(0, K.shape[0], (2, 1000))
print(json.dumps({"step": "check K.npy", "shape": list(K.shape), "bytes": K.nbytes, "k01": float(K[0, 1]), "sum": float(K.sum()),
                  "trace": float(np.trace(K)), "symmetric_at_1000_random_pairs": bool(np.array_equal(K[i[0], i[1]], K[i[1], i[0]]))}))
PYEOF
