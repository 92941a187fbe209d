#!/usr/bin/env bash
# Runs every test of the solution: installs what is missing, builds once, runs all test projects
# (unit, integration and whole-app tests start their own servers on loopback), and prints one
# closing line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
eng/install-prerequisites.sh --for-tests

dotnet build AiMesh.sln -nologo -v minimal -clp:ErrorsOnly

# Each test project ends with "Passed!  - Failed: F, Passed: P, ..." (or "Failed!  - ..."); the
# closing line adds them up.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test AiMesh.sln --no-build -nologo --logger "console;verbosity=minimal" | tee "$log" || status=$?

sum() { grep -oE "^(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+" "$log" | grep -oE "$1: +[0-9]+" | grep -oE "[0-9]+" | awk '{ s += $1 } END { print s + 0 }'; }
passed=$(sum Passed); failed=$(sum Failed)
echo "${passed:-0} passed, ${failed:-0} failed"
if [ "${passed:-0}" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit $status
