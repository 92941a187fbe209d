#!/usr/bin/env bash
# Measures every Ai model on this machine: sentences a second one at a time and batched (1, 8, 32,
# 128), CPU milliseconds a sentence, held-out accuracy, and one Ai process's resident memory. It
# prints a table, then one "name: value" line per figure; it asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project Benchmarks/AiMesh.ModelBenchmarks -- "$PWD"
