#!/usr/bin/env bash
# Runs every test of the solution: installs what is missing, builds once, runs all test projects
# (unit, integration and whole-app tests start their own servers on loopback), and prints one
# closing line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
eng/install-prerequisites.sh

results=artifacts/test-results
rm -rf "$results"
dotnet build AiMesh.sln -nologo -v minimal -clp:ErrorsOnly

status=0
dotnet test AiMesh.sln --no-build -nologo --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?

count() { cat "$results"/*.trx 2>/dev/null | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" | grep -o "[0-9]*" | paste -sd+ - | bc; }
passed=$(count passed); failed=$(count failed)
echo "${passed:-0} passed, ${failed:-0} failed"
if [ "${passed:-0}" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit $status
