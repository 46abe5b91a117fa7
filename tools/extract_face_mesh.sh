#!/usr/bin/env bash
# Extracts MediaPipe's face_landmark.tflite from the npm package @mediapipe/face_mesh.
# The package ships its models concatenated in face_mesh_solution_packed_assets.data; the byte range of
# each file is listed in face_mesh_solution_packed_assets_loader.js (loadPackage({"files": [...]})).
# Usage: tools/extract_face_mesh.sh OUT_DIR   (writes OUT_DIR/face_landmark.tflite and OUT_DIR/package/)
set -euo pipefail
VERSION=0.4.1657299874
out=${1:?usage: $0 OUT_DIR}
mkdir -p "$out"
cd "$out"
tgz=$(npm pack --silent "@mediapipe/face_mesh@$VERSION")
tar xzf "$tgz"
loader=package/face_mesh_solution_packed_assets_loader.js
# The start/end of face_landmark.tflite (not face_landmark_with_attention.tflite) in the packed data.
range=$(grep -o '"filename": "[^"]*/face_landmark.tflite", "start": [0-9]*, "end": [0-9]*' "$loader" | grep -o '[0-9]*, "end": [0-9]*')
start=${range%%,*}
end=${range##* }
echo "face_landmark.tflite: bytes $start..$end of face_mesh_solution_packed_assets.data"
dd if=package/face_mesh_solution_packed_assets.data of=face_landmark.tflite bs=65536 \
  iflag=skip_bytes,count_bytes skip="$start" count=$((end - start)) status=none
# A TFLite flatbuffer carries the identifier "TFL3" at byte 4.
[ "$(dd if=face_landmark.tflite bs=1 skip=4 count=4 status=none)" = "TFL3" ] || { echo "not a TFLite file" >&2; exit 1; }
sha256sum face_landmark.tflite
