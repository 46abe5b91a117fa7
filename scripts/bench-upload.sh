#!/usr/bin/env bash
# Hostile-upload benchmark: N concurrent uploads of a blank SIZExSIZE PNG (a small file that decodes huge) at a
# fresh app on loopback. Prints the app's peak RSS above idle and how many answers had each status code.
# Target (issue 10): peak < 1 GB above idle; every answer a 4xx or 503; the app still answers /health after.
# Usage: scripts/bench-upload.sh [count=100] [size=8000]   (builds VoiceMirror.Web; CONFIGURATION=Debug reuses a test build)
set -euo pipefail
count=${1:-100}
size=${2:-8000}
configuration=${CONFIGURATION:-Release}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
app_pid=""
sampler_pid=""
cleanup() {
  [[ -n $sampler_pid ]] && kill "$sampler_pid" 2>/dev/null || true
  [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build "$root/VoiceMirror.Web" -c "$configuration" --verbosity quiet -nologo >/dev/null

python3 - "$size" "$work/blank.png" <<'PY'
import struct, sys, zlib
size, path = int(sys.argv[1]), sys.argv[2]
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
row = b"\0" * (1 + 3 * size)  # filter byte + black RGB pixels
z = zlib.compressobj(9)
data = b"".join(z.compress(row) for _ in range(size)) + z.flush()
with open(path, "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", data) + chunk(b"IEND", b""))
PY
echo "photo: ${size}x${size} blank PNG, $(stat -c %s "$work/blank.png") bytes; $count concurrent uploads"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(
  cd "$root/VoiceMirror.Web/bin/$configuration/net10.0"
  export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port"
  export ConnectionStrings__VoiceMirror="Data Source=$work/app.db"
  export VoiceMirror__Storage__UploadsPath="$work/uploads" VoiceMirror__Storage__WorkPath="$work/work" VoiceMirror__Storage__KeysPath="$work/keys"
  export VoiceMirror__Jobs__SqlitePath="$work/hangfire.db" VoiceMirror__Engine__ModelsDirectory="$root/VoiceMirror.Tests/TestData/models"
  exec dotnet VoiceMirror.Web.dll >"$work/app.log" 2>&1
) &
app_pid=$!
for _ in $(seq 120); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$port/health" >/dev/null || { echo "app did not start"; tail -20 "$work/app.log"; exit 1; }
sleep 3 # let start-up work (migrations, Hangfire's first polls) settle
rss() { awk '/^VmRSS/ {print $2}' "/proc/$app_pid/status"; }
idle=$(rss)

( peak=0; while kill -0 "$app_pid" 2>/dev/null; do
    now=$(rss 2>/dev/null || echo 0); (( now > peak )) && peak=$now && echo "$peak" >"$work/peak"
    sleep 0.05
  done ) &
sampler_pid=$!

start=$(date +%s.%N)
seq "$count" | xargs -P "$count" -I{} curl -s -o /dev/null -w '%{http_code}\n' --max-time 120 \
  -F "image=@$work/blank.png;type=image/png" -F "name=bench {}" "http://127.0.0.1:$port/avatar/upload" >"$work/codes" || true
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
sleep 0.5
kill "$sampler_pid" 2>/dev/null || true; sampler_pid=""
peak=$(cat "$work/peak" 2>/dev/null || echo "$idle")

alive=$(curl -fs -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" || echo "down")
echo "idle RSS: $((idle / 1024)) MB; peak RSS: $((peak / 1024)) MB; peak above idle: $(((peak - idle) / 1024)) MB"
echo "answers in $(printf "%.1f" "$elapsed") s: $(sort "$work/codes" | uniq -c | awk '{printf "%s x %s, ", $1, $2}' | sed 's/, $//')"
echo "health after: $alive"
bad=$(grep -cvE '^(4[0-9][0-9]|503)$' "$work/codes" || true)
(( peak - idle < 1024 * 1024 )) && (( bad == 0 )) && [[ $alive == 200 ]] && echo "PASS" || { echo "FAIL"; exit 1; }
