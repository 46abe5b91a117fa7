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
# The built-in engine's face mesh model is committed (Apache-2.0): check it is the file the manifest describes.
mesh=models/builtin/face_landmark.onnx
want=$(grep -A4 '"file": "builtin/face_landmark.onnx"' models/manifest.json | grep -oP '"sha256": "\K[0-9a-f]{64}')
if [[ ! -f "$mesh" ]] || [[ "$(sha256sum "$mesh" | cut -d' ' -f1)" != "$want" ]]; then
  echo "$mesh is missing or damaged; restore it with: git checkout -- $mesh" >&2
  exit 1
fi
dotnet restore VoiceMirror.sln --verbosity quiet
