#!/usr/bin/env bash
# Runs every test: the same command a developer and CI use.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --for-tests
dotnet build VoiceMirror.sln -c Release --no-restore --verbosity quiet -nologo
dotnet test VoiceMirror.sln -c Release --no-build --verbosity quiet -nologo \
  --logger "console;verbosity=normal" --results-directory artifacts/test-results "$@"
