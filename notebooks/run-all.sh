#!/usr/bin/env bash
# Executes every tutorial in this folder with the project's runner and renders the site.
#   notebooks/run-all.sh [OUT_DIR]      (default: site/ at the repository root)
# Exit status: 0 when every cell of every notebook passed, 1 otherwise.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/site}"
cd "$root"
# The notebooks reference src/Rntk/bin/Release/net10.0/Rntk.dll, and chapter 7 also src/Rntk.Gpu's Rntk.Gpu.dll
# (building it builds Rntk and copies that very build beside it); the runner hosts them (FSharp.Core 10.1), and
# building it builds both libraries as well.
dotnet build src/Rntk.Gpu/Rntk.Gpu.csproj -c Release -v quiet -nologo -clp:NoSummary
dotnet build src/Rntk.Notebooks/Rntk.Notebooks.csproj -c Release -v quiet -nologo -clp:NoSummary
exec dotnet src/Rntk.Notebooks/bin/Release/net10.0/Rntk.Notebooks.dll run notebooks --out "$out"
