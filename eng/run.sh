#!/usr/bin/env bash
# Runs the whole AiMesh application: installs what is missing, builds, and starts the AppHost,
# which starts every resource and prints their URLs. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
eng/install-prerequisites.sh
exec dotnet run --project AppHost/AiMesh.AppHost -- "$@"
