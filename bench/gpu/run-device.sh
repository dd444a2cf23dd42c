#!/usr/bin/env bash
# The GPU measurement (issue 7): our GPU Gram against the JAX all-pairs peer on the same data, plus our CPU
# engine, and a correctness check of the GPU against the CPU engine on the device itself.
#
# Needs: bench/gpu/rntk-linux-x64.tar.gz (made by bench/gpu/prepare.sh, not committed: carry it), python3 with
# numpy and jax (the GPU machine's image has both). Writes to $OUT: results.jsonl (one JSON object per step),
# summary.md (the comparison table; written on every exit, also when the call's time limit ends the script),
# log.txt (stderr of every step, environment, which build ran). Every step runs under a time limit taken from
# what is left of BUDGET, so one hung or slow step cannot eat the others' results.
#
# Knobs (environment): SIZES="4096 8192"  T=128  LAYERS="1 2"  DEVICE=gpu  REPS=3  CHECK_N=257  BUDGET=330
# (seconds; steps that would not fit are skipped and say so). A dry run without a GPU or JAX:
#   SIZES="64 96" T=16 DEVICE=ilgpu-cpu CHECK_N=20 PYTHONPATH=<numpy stand-in for jax> bench/gpu/run-device.sh
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OUT="${OUT:-$(mktemp -d)}"
SIZES="${SIZES:-4096 8192}"; T="${T:-128}"; LAYERS="${LAYERS:-1 2}"; DEVICE="${DEVICE:-gpu}"; REPS="${REPS:-3}"
CHECK_N="${CHECK_N:-257}"; BUDGET="${BUDGET:-330}"
PY="${PY:-python3}"
RES="$OUT/results.jsonl"; LOG="$OUT/log.txt"
: >"$RES"; : >"$LOG"
# Not /tmp: it may be mounted noexec, and the CLI runs from here.
work="$(mktemp -d "$PWD/.bench-work.XXXXXX")"
STEP_PID=
finish() {
  "$PY" bench/gpu/summarize.py "$RES" >"$OUT/summary.md" 2>>"$LOG" && cat "$OUT/summary.md"
  rm -rf "$work"
}
trap finish EXIT
# Steps run in the background and the script waits for them, so a TERM (the call's time limit) is handled at once:
# the running step is stopped and the summary of what finished is still written.
trap 'echo "== terminated (time limit?)" >>"$LOG"; [[ -n "$STEP_PID" ]] && kill -TERM "$STEP_PID" 2>/dev/null; exit 124' TERM INT
left() { echo $((BUDGET - SECONDS)); }

# One JSON line per step: {"step", "rc", "seconds_wall", "result": <the command's last stdout line if it is JSON, else
# null>}. The command runs under `timeout`, with what is left of the budget (at least 10 s).
step() {
  local label="$1"; shift
  local t0=$SECONDS line rc limit=$(( $(left) - 10 ))
  (( limit < 10 )) && limit=10
  echo "== $label (limit ${limit}s): $*" >>"$LOG"
  timeout -k 5 "$limit" "$@" >"$work/step.out" 2>>"$LOG" &
  STEP_PID=$!
  wait "$STEP_PID"; rc=$?
  STEP_PID=
  line="$(tail -n 1 "$work/step.out")"
  "$PY" -c 'import json, sys; json.loads(sys.argv[1])' "$line" 2>/dev/null || line=null
  (( rc == 124 )) && echo "== $label: timed out after ${limit}s" >>"$LOG"
  printf '{"step": "%s", "rc": %d, "seconds_wall": %d, "result": %s}\n' "$label" "$rc" "$((SECONDS - t0))" "$line" | tee -a "$RES"
}
skip() { printf '{"step": "%s", "skipped": "%s"}\n' "$1" "$2" | tee -a "$RES"; }

if ! tar -xzf bench/gpu/rntk-linux-x64.tar.gz -C "$work"; then
  skip all "bench/gpu/rntk-linux-x64.tar.gz is missing: run bench/gpu/prepare.sh and carry the tarball"
  exit 1
fi
RNTK="$work/rntk/Rntk.Cli"
# JAX on the GPU only: without this a JAX that cannot see the GPU would quietly run (for minutes) on the CPU.
JAXENV=(); [[ "$DEVICE" == gpu ]] && JAXENV=(env JAX_PLATFORMS=cuda)

{
  echo "== build: $(cat "$work/rntk/BUILD_INFO" 2>/dev/null || echo 'no BUILD_INFO (tarball older than prepare.sh writing it)')"
  echo "== environment"
  timeout 30 nvidia-smi -L 2>&1
  timeout 30 nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv 2>&1
  echo "cores: $(nproc)"; free -g 2>&1 | head -2
  ldconfig -p 2>/dev/null | grep -E 'libcuda\.so|ptxjitcompiler' || echo "no libcuda / ptxjitcompiler in ldconfig"
  # ILGPU reports any CUDA start-up failure as "no device"; the driver's own answer says more.
  timeout 30 "$PY" -c 'import ctypes; c = ctypes.CDLL("libcuda.so.1"); v = ctypes.c_int(); print("cuInit", c.cuInit(0), "cuDriverGetVersion", c.cuDriverGetVersion(ctypes.byref(v)), v.value)' 2>&1
  timeout 60 "${JAXENV[@]}" "$PY" -c 'import jax, numpy; print("jax", jax.__version__, jax.devices(), "numpy", numpy.__version__)' 2>&1
  echo "== rntk starts: $(timeout 30 "$RNTK" --help 2>&1 | head -n 1)"
} >>"$LOG"

# --- 1. Correctness on the device: GPU vs CPU engine, mixed lengths (end alignment), every kernel feature.
"$PY" - "$work" "$CHECK_N" <<'PYEOF'
import sys, numpy as np
work, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(3)
for name, count, tmax in (("mixed", n, 48), ("small", max(8, n // 3), 20)):
    X = rng.uniform(-1, 1, (count, tmax))
    for i, L in enumerate(rng.integers(1, tmax + 1, count)):
        X[i, L:] = np.nan          # trailing NaN = padding: sequences of lengths 1..tmax
    np.save(f"{work}/{name}.npy", X)
PYEOF
check() { # label file kernel-options…
  local label="$1" file="$2"; shift 2
  if (( $(left) < 60 )); then skip "check $label" "budget"; return; fi
  rm -f "$work/g.npy" "$work/c.npy"   # a failed run must not leave the previous check's matrix to compare
  step "check $label gpu" "$RNTK" gram --input "$work/$file.npy" "$@" --device "$DEVICE" --out "$work/g.npy" --json
  step "check $label cpu" "$RNTK" gram --input "$work/$file.npy" "$@" --device cpu --out "$work/c.npy" --json
  step "check $label compare" "$PY" bench/gpu/compare.py "$work/g.npy" "$work/c.npy"
}
check "relu-L1-last" mixed --layers 1 --sigma-b 0.1 --sigma-h 0.5
check "relu-L2-bidir-shared" mixed --layers 2 --bidirectional --initial-state shared --sigma-h 0.3 --sigma-b 0.2
check "erf-L2-last" mixed --layers 2 --activation erf --sigma-w 1.1 --sigma-u 1.3 --sigma-b 0.2 --sigma-h 0.7 --sigma-v 1.5
check "erf-L2-last-nngp" mixed --layers 2 --activation erf --sigma-w 1.1 --sigma-u 1.3 --sigma-b 0.2 --sigma-h 0.7 --kernel nngp
check "erf-L3-avg-bidir" small --layers 3 --activation erf --readout average --bidirectional --sigma-b 0.1
check "relu-L8-avg-nngp" small --layers 8 --readout average --kernel nngp --sigma-b 0.1 --sigma-h 0.2

# --- 2. Speed: the JAX peer (float64, its defaults σw=√2, σu=0.5, σb=0.1, σh=0, σv=1) and ours on its data (the
# peer's --random draws default_rng(1).uniform(-1, 1, (N, T)); the same draw is saved here for ours, up front).
# At the first size both Grams are also saved and compared entry by entry, off the diagonal (where the peer's
# arccos of a correlation rounded below 1 makes it differ in about the 8th digit).
OURS=(--sigma-u 0.5 --sigma-b 0.1)
first_n="${SIZES%% *}"
for N in $SIZES; do
  "$PY" -c "import numpy as np; np.save('$work/X$N.npy', np.random.default_rng(1).uniform(-1, 1, ($N, $T)))"
done
for N in $SIZES; do
  for L in $LAYERS; do
    if (( $(left) < 30 )); then skip "jax N=$N L=$L" "budget"; skip "gpu N=$N L=$L" "budget"; continue; fi
    save=(); [[ "$N" == "$first_n" ]] && save=(--save-gram "$work/J.npy")
    rm -f "$work/J.npy" "$work/O.npy"
    step "jax N=$N T=$T L=$L" "${JAXENV[@]}" "$PY" bench/gpu/peer_rntk_jax.py --random "$N" "$T" --layers "$L" --reps "$REPS" "${save[@]}"
    step "gpu N=$N T=$T L=$L" "$RNTK" gram --input "$work/X$N.npy" --layers "$L" "${OURS[@]}" --device "$DEVICE" --reps "$REPS" --json
    if [[ "$N" == "$first_n" && -f "$work/J.npy" ]] && (( $(left) >= 30 )); then
      step "agree N=$N T=$T L=$L ours" "$RNTK" gram --input "$work/X$N.npy" --layers "$L" "${OURS[@]}" --device "$DEVICE" --out "$work/O.npy" --json
      step "agree N=$N T=$T L=$L compare" "$PY" bench/gpu/compare.py "$work/O.npy" "$work/J.npy" --offdiag
    fi
  done
done
rm -f "$work/J.npy" "$work/O.npy"
# Our CPU engine last (slowest): each run only if the time left covers an estimate from the previous one.
est=0
for N in $SIZES; do
  for L in $LAYERS; do
    if (( est > $(left) - 10 )); then skip "cpu N=$N T=$T L=$L" "budget (estimated ${est}s, $(left)s left)"; continue; fi
    t0=$SECONDS
    step "cpu N=$N T=$T L=$L" "$RNTK" gram --input "$work/X$N.npy" --layers "$L" "${OURS[@]}" --device cpu --json
    # Next estimate: scale by work (N² and L) from this run.
    est=$(( (SECONDS - t0 + 1) * 4 ))
  done
done

