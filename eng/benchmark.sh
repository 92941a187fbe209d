#!/usr/bin/env bash
# Measures AiMesh against what this machine can do, in one run with one load generator: a bare Kestrel
# minimal API answering the same POST (the anchor), the accurate model alone in one Ai process, then the
# whole application: the fast model at full load, at half that rate and at a trickle, a burst far above
# capacity, and the accurate model at full load, each text timed from its POST to its result on
# /ws/results. Ends with one "name: value" line per figure. Options: --duration SECONDS (20) a measured
# pass, --senders N (512) in the closed loops, --project-launch build-output|dotnet-run.
set -euo pipefail
cd "$(dirname "$0")/.."
eng/install-prerequisites.sh
exec dotnet run -c Release --project Benchmarks/AiMesh.Benchmarks -- "$@"
