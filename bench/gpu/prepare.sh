#!/usr/bin/env bash
# Builds what bench/gpu/run-device.sh needs on the GPU machine, which has no .NET: a self-contained linux-x64
# publish of the `rntk` CLI (runtime included), tarred as bench/gpu/rntk-linux-x64.tar.gz (ignored by git).
# Usage: bench/gpu/prepare.sh        then carry bench/gpu/rntk-linux-x64.tar.gz to the device machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
dotnet publish "$root/src/Rntk.Cli/Rntk.Cli.csproj" -c Release -r linux-x64 --self-contained \
  -p:InvariantGlobalization=true -o "$stage/rntk" -v quiet -nologo
# Not trimmed: ILGPU generates and loads code by reflection at run time.
# Which build this is, for the device run's log: a stale tarball would measure old code.
echo "commit $(git -C "$root" rev-parse --short HEAD), $(git -C "$root" status --porcelain | wc -l) uncommitted changes, built $(date -u +%Y-%m-%dT%H:%MZ)" \
  >"$stage/rntk/BUILD_INFO"
tar -C "$stage" -czf "$root/bench/gpu/rntk-linux-x64.tar.gz" rntk
echo "$(cat "$stage/rntk/BUILD_INFO")"
echo "published $(du -sh "$stage/rntk" | cut -f1) → $(du -h "$root/bench/gpu/rntk-linux-x64.tar.gz" | cut -f1) bench/gpu/rntk-linux-x64.tar.gz"
