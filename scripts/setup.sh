#!/usr/bin/env bash
# Prepares a fresh Debian machine: system tools, NuGet packages, the face detector model.
# --for-tests also installs what only the tests need: Chromium (UI tests) and docker-compose (config check).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(ffmpeg espeak-ng xz-utils)
[[ "${1:-}" == "--for-tests" ]] && packages+=(chromium fonts-dejavu-core docker-compose)

missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "The .NET 10 SDK is required (https://dot.net); install it and run this script again." >&2
  exit 1
fi

bash models/install.sh --face-detector
dotnet restore VoiceMirror.sln --verbosity quiet
