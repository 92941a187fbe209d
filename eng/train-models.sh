#!/usr/bin/env bash
# Trains every trainable Ai model from Training/Data/sentiment-train.tsv, evaluates each on
# Training/Data/sentiment-heldout.tsv and writes the artefacts the Ai service embeds into
# Services/Ai/Models/Artifacts. Deterministic: the same corpus gives the same bytes (a test checks it).
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run --project Training/AiMesh.Training -- "$PWD"
