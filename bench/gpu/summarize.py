#!/usr/bin/env python3
"""Turns bench/gpu/run-device.sh's results.jsonl into a Markdown summary (stdout): failed and skipped steps, the
device checks (GPU vs CPU engine), the entry-by-entry agreement with the JAX peer, then per size our GPU and CPU
engines against the JAX peer. Usage: summarize.py results.jsonl"""
import json, re, sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
checks, agree, speed = [], [], {}
for r in rows:
    step, res = r["step"], r.get("result")
    if "skipped" in r:
        print(f"- skipped: {step} ({r['skipped']})")
        continue
    if res is None or r.get("rc", 0) != 0:
        why = "timed out" if r.get("rc") == 124 else f"exit {r.get('rc')}"
        print(f"- **failed: {step}** ({why}; see log.txt)")
        if res is None:
            continue
    if step.startswith("check") and step.endswith("compare"):
        checks.append((step[6:-8], res))
        continue
    m = re.match(r"agree N=(\d+) T=(\d+) L=(\d+) compare", step)
    if m:
        agree.append((int(m[1]), int(m[2]), int(m[3]), res))
        continue
    m = re.match(r"(jax|gpu|cpu) N=(\d+) T=(\d+) L=(\d+)", step)
    if m:
        speed.setdefault((int(m[2]), int(m[3]), int(m[4])), {})[m[1]] = res

def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300) if isinstance(a, (int, float)) and isinstance(b, (int, float)) else float("nan")

def offdiag(s):
    return s["sum"] - s["trace"] if "sum" in s and "trace" in s else None

f = lambda x: f"{x:.3f}" if isinstance(x, (int, float)) else "–"
e = lambda x: f"{x:.1e}" if isinstance(x, (int, float)) and x == x else "–"

if checks:
    print("\n### GPU vs CPU engine on the device (mixed lengths)\n")
    print("Differences relative to max(|cpu|, 1e-3·max|K|) (entries far below the scale are only as exact as its"
          " rounding; the GPU's fused multiply-adds round differently); pass = that ≤ 1e-12 everywhere.\n")
    print("| configuration | N | pass | max rel. diff (floored) | entries > 1e-12 | max rel. diff (plain) | max |Δ| / max|K| | diagonal max rel. diff | GPU result exactly symmetric |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, c in checks:
        if "error" in c:
            print(f"| {name} | – | False | {c['error']} | | | | | |")
            continue
        print(f"| {name} | {c['n']} | {c['pass']} | {e(c['max_rel_diff_floored'])} | {c['entries_over_1e-12']} | {e(c['max_rel_diff'])} "
              f"| {e(c['max_abs_diff_over_max'])} | {e(c.get('diag_max_rel_diff'))} | {c['exactly_symmetric']} |")

if agree:
    print("\n### Ours vs the JAX peer, every entry off the diagonal (same inputs)\n")
    print("| N | T | L | pass | max rel. diff (floored) | max rel. diff (plain) | mean rel. diff |")
    print("|---|---|---|---|---|---|---|")
    for n, t, l, c in agree:
        if "error" in c:
            print(f"| {n} | {t} | {l} | False | {c['error']} | | |")
            continue
        print(f"| {n} | {t} | {l} | {c['pass']} | {e(c['max_rel_diff_floored'])} | {e(c['max_rel_diff'])} | {e(c['mean_rel_diff'])} |")

if speed:
    dev = next((s["gpu"]["device"] for s in speed.values() if s.get("gpu")), "?")
    jdev = next((s["jax"]["device"] for s in speed.values() if s.get("jax")), "?")
    print(f"\n### RNTK Gram, float64, ReLU, σw=√2 σu=0.5 σb=0.1 σh=0 — ours on {dev}, JAX on {jdev}\n")
    print("| N | T | L | JAX s (first) | JAX to host s | ours GPU s (first) | ours GPU band waits s (bands) | ours CPU s | JAX/GPU "
          "| JAX to host/GPU | CPU/GPU | off-diag. sum: GPU vs JAX | GPU vs CPU | k01: GPU vs JAX | k00: GPU vs JAX |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (n, t, l), s in sorted(speed.items()):
        j, g, c = s.get("jax") or {}, s.get("gpu") or {}, s.get("cpu") or {}
        gs, js, cs, jh = g.get("seconds"), j.get("seconds"), c.get("seconds"), j.get("seconds_to_host")
        dv, nb = (g.get("gpu_times") or {}).get("device"), (g.get("gpu_times") or {}).get("bands")
        ratio = lambda a, b: f"{a / b:.2f}" if a and b else "–"
        print(f"| {n} | {t} | {l} | {f(js)} ({f(j.get('first_seconds'))}) | {f(jh)} | {f(gs)} ({f(g.get('first_seconds'))}) | {f(dv)} ({nb if nb is not None else '–'}) | {f(cs)} "
              f"| {ratio(js, gs)} | {ratio(jh, gs)} | {ratio(cs, gs)} | {e(rel(offdiag(g), offdiag(j)))} | {e(rel(g.get('sum'), c.get('sum')))} "
              f"| {e(rel(g.get('k01'), j.get('k01')))} | {e(rel(g.get('k00'), j.get('k00')))} |")
    print("\nRatios > 1: ours faster. 'JAX s' excludes copying the matrix to the host ('JAX to host s' includes it, for"
          " its one matrix), and JAX computes all N² entries;"
          " ours compute the N(N+1)/2 entries on and above the diagonal, and our 'seconds' include packing, uploading,"
          " copying both matrices (RNTK and NNGP) back and mirroring; 'band waits' is the time from launching each band"
          " until it was done (gpu_times.device): with one band the kernels alone, with several it includes the host"
          " filing the previous band. Times are means of the --reps runs after a first one, except our CPU engine's:"
          " one run. First"
          " runs include compilation, and ours also the creation of the CUDA context (JAX has made its context before"
          " timing). JAX's diagonal differs in about"
          " the 8th digit (arccos of a correlation rounded just below 1; ours uses ρ = 1 in closed form), hence the"
          " off-diagonal sums.")
