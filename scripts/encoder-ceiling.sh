#!/usr/bin/env bash
# The H.264 encoder's own ceiling on this host: N encodes of one render at once, with the service's ffmpeg arguments
# (libx264 CRF 20 + AAC 128k, moov first) and no app beside them. Prints encodes per minute and CPU seconds per
# encode for each thread setting, so a serving figure can be read against what the encoder alone allows.
#   scripts/encoder-ceiling.sh RENDER.mp4 SPEECH.wav [N ...]    (defaults: N = 1 and 32; PRESET=veryfast)
set -euo pipefail
video=${1:?a rendered MP4 (its frames are encoded again)}; audio=${2:?the speech WAV}; shift 2
counts=("${@:-1 32}"); counts=(${counts[*]})
preset=${PRESET:-veryfast}
work=$(mktemp -d /dev/shm/encoder-ceiling.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$work"' EXIT
size=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0:s=x "$video")
fps=$(ffprobe -v error -select_streams v:0 -show_entries stream=r_frame_rate -of csv=p=0 "$video")
ffmpeg -v error -i "$video" -f rawvideo -pix_fmt yuv420p -y "$work/frames.yuv"
hz=$(getconf CLK_TCK)

encode() {
  ffmpeg -v error -f rawvideo -pix_fmt yuv420p -video_size "$size" -framerate "$fps" -i "$work/frames.yuv" -i "$audio" \
    -map 0:v:0 -map 1:a:0 -c:v libx264 -preset "$preset" -crf 20 $1 -pix_fmt yuv420p -c:a aac -b:a 128k \
    -movflags +faststart -f mp4 -y "$work/out$2.mp4"
}
children_cpu() { awk '{print $16 + $17}' "/proc/$$/stat"; } # CPU ticks of finished, waited-for children

echo "host: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); $size at $fps fps, $(( $(stat -c %s "$work/frames.yuv") / ($(cut -dx -f1 <<<"$size") * $(cut -dx -f2 <<<"$size") * 3 / 2) )) frames, preset $preset"
printf '%-14s %5s %9s %13s %16s\n' threads N wall encodes/min "CPU s/encode"
for n in "${counts[@]}"; do
  for threads in "" "-threads 1" "-threads 2" "-threads 4"; do
    start=$(date +%s.%N); before=$(children_cpu)
    for ((i = 0; i < n; i++)); do encode "$threads" "$i" & done
    wait
    end=$(date +%s.%N); after=$(children_cpu)
    awk -v t="${threads:-ffmpeg choice}" -v n="$n" -v a="$start" -v b="$end" -v c=$((after - before)) -v hz="$hz" \
      'BEGIN { w = b - a; printf "%-14s %5d %8.2fs %13.0f %16.2f\n", t, n, w, n / w * 60, c / hz / n }'
  done
done
echo "output size (last encode): $(stat -c %s "$work/out0.mp4") bytes"
