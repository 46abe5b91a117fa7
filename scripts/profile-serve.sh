#!/usr/bin/env bash
# Where a GPU host's CPU goes while the service renders N at once: bench-serve runs, and once its first measured round
# is in, `perf record -a` samples every process for a while; the report lists the CPU by process and, for the
# service, by library and by function (JIT-compiled methods by name through the runtime's perf map).
#   scripts/profile-serve.sh WEB_DIR FACE.png SPEECH.wav MODEL.onnx [renders per round, default 32] [seconds, default 12] [--VoiceMirror:… …]
# Needs `perf` on PATH (Debian: apt-get install linux-perf) and root or kernel.perf_event_paranoid <= 0.
set -euo pipefail
web=${1:?the self-contained VoiceMirror.Web publish}; face=${2:?a face photo}; speech=${3:?a 10 s WAV}; model=${4:?the Wav2Lip ONNX}
n=${5:-32}; seconds=${6:-12}; shift $(( $# < 6 ? $# : 6 ))
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Method names for JIT code: a perf map in /tmp, and JIT code mapped where perf can find it.
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 "$web/VoiceMirror.Web" bench-serve --image "$face" --audio "$speech" \
  --VoiceMirror:Engine:Wav2LipModel="$model" --VoiceMirror:Engine:BatchSize=128 --VoiceMirror:Jobs:GpuWorkers="$n" \
  --renders "$n,$n,$n,$n" "$@" > "$out/bench.txt" 2>&1 &
pid=$!
until grep -q "^| $n " "$out/bench.txt" 2>/dev/null; do kill -0 $pid 2>/dev/null || { cat "$out/bench.txt"; exit 1; }; sleep 0.2; done
perf record -a -F 499 -o "$out/perf.data" -- sleep "$seconds" 2>/dev/null
wait $pid
grep -E "^\| [0-9]" "$out/bench.txt"
report() { perf report -i "$out/perf.data" --stdio --no-children "$@" 2>/dev/null | grep -v -e "^#" -e "^$"; }
echo "### share of all samples, by thread name (ffmpeg runs as ffmpeg or under its loader's name)"
report --sort comm | head -12
echo "### the service, by library"
report --pid "$pid" --sort dso | head -12
echo "### the service, by function"
report --pid "$pid" --sort dso,sym | head -40 | cut -c1-200
