#!/usr/bin/env bash
# Both engines on this machine, in one run: text -> 512x512 MP4 for 10 s and 60 s of speech, per stage, with peak memory.
# Wav2Lip needs a model: WAV2LIP_MODEL=path (default: the full-size stand-in from ../shared, decompressed once to /tmp).
# Usage: [BENCH_SECONDS=10] bash scripts/bench-engines.sh [extra voicemirror bench options, e.g. --warm]
set -euo pipefail
cd "$(dirname "$0")/.."
models=$(mktemp -d)
trap 'rm -rf "$models"' EXIT
[[ -f models/face_detection_front_128x128.onnx ]] || bash models/install.sh --face-detector >/dev/null
cp models/face_detection_front_128x128.onnx "$models/"
mkdir -p "$models/builtin" && cp models/builtin/face_landmark.onnx "$models/builtin/"
wav2lip=${WAV2LIP_MODEL:-/tmp/voicemirror-wav2lip-standin.onnx}
if [[ ! -f "$wav2lip" && -f ../shared/models/wav2lip_arch_random.onnx.xz ]]; then
  xz -dkc ../shared/models/wav2lip_arch_random.onnx.xz > "$wav2lip"
fi
dotnet build VoiceMirror.Engine -c Release --verbosity quiet -nologo >/dev/null
cli=(dotnet VoiceMirror.Engine/bin/Release/net10.0/voicemirror.dll)
image=VoiceMirror.Tests/TestData/images/astronaut.png
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "### built-in engine (mirror), liveliness on"
"${cli[@]}" bench --image "$image" --engine mirror --models-dir "$models" --cpu --seconds "${BENCH_SECONDS:-10,60}" "$@"
if [[ -f "$wav2lip" ]]; then
  ln -sf "$wav2lip" "$models/wav2lip_gan.onnx"
  echo "### Wav2Lip ($(basename "$wav2lip"), batch 16), liveliness on"
  "${cli[@]}" bench --image "$image" --engine wav2lip --models-dir "$models" --cpu --batch 16 --seconds "${BENCH_SECONDS:-10,60}" "$@"
else
  echo "### Wav2Lip: no model (set WAV2LIP_MODEL or keep ../shared beside the checkout)"
fi
