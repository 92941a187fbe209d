#!/usr/bin/env bash
# Measures the whole AiMesh pipeline: installs what is missing, builds in Release, starts every
# resource on free ports, drives texts through Ingest twice (cold, then warm cache) and prints
# throughput, latency and memory. Options: --texts N (2000), --concurrency C (32), --warmup N (100).
set -euo pipefail
cd "$(dirname "$0")/.."
eng/install-prerequisites.sh
exec dotnet run -c Release --project Benchmarks/AiMesh.Benchmarks -- "$@"
