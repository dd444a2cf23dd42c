#!/usr/bin/env bash
# Executes every tutorial in this folder with the project's runner and renders the site.
#   notebooks/run-all.sh [OUT_DIR]      (default: site/ at the repository root)
# Exit status: 0 when every cell of every notebook passed, 1 otherwise.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/site}"
cd "$root"
# The runner hosts the notebooks (FSharp.Core 10.1). Building it also builds what they #r: src/Rntk's Rntk.dll and,
# for chapter 7, src/Rntk.Gpu's Rntk.Gpu.dll with that very Rntk.dll copied beside it (project references in
# Rntk.Notebooks.csproj, not loaded by the runner).
dotnet build src/Rntk.Notebooks/Rntk.Notebooks.csproj -c Release -v quiet -nologo -clp:NoSummary
exec dotnet src/Rntk.Notebooks/bin/Release/net10.0/Rntk.Notebooks.dll run notebooks --out "$out"
