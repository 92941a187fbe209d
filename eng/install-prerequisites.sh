#!/usr/bin/env bash
# Installs what AiMesh needs on a Debian 12 machine, once: the servers the AppHost runs locally
# (Redis, PostgreSQL; Kafka clients and the dev broker use the librdkafka that the librdkafka.redist
# package brings), util-linux's `script` for the run-command tests, and with --for-tests the
# browser the browser tests drive (Debian's chromium; Playwright never downloads one). Idempotent:
# it installs only what is missing and runs apt-get update only then. Needs root (or sudo) for apt.
set -euo pipefail

packages=(redis-server postgresql)
if [ "${1:-}" = "--for-tests" ]; then
  packages+=(chromium bsdutils)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"

  # The AppHost starts its own Redis and PostgreSQL on free ports: keep the packages from starting
  # system-wide servers as they install (Debian's policy-rc.d convention).
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    trap '$sudo rm -f "$policy"' EXIT
  fi

  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet was not found on PATH)." >&2; exit 1; }
