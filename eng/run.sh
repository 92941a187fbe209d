#!/usr/bin/env bash
# Runs the whole AiMesh application: installs what is missing, builds, and runs the Aspire AppHost,
# which starts every resource, the Aspire dashboard, and prints the URLs once everything is
# healthy. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
eng/install-prerequisites.sh
exec dotnet run --project AppHost -- "$@"
