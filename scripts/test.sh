#!/usr/bin/env bash
# Runs every test: the same command a developer and CI use.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --for-tests
dotnet build VoiceMirror.sln -c Release --no-restore --verbosity quiet -nologo
mkdir -p artifacts
status=0
dotnet test VoiceMirror.sln -c Release --no-build --verbosity quiet -nologo \
  --logger "console;verbosity=normal" --results-directory artifacts/test-results "$@" \
  | tee artifacts/test.log || status=$?
# One plain summary line for whoever reads only the end of the log.
count() { grep -oP "^\s+$1:\s+\K\d+" artifacts/test.log | tail -1 || echo 0; }
echo "$(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
exit "$status"
