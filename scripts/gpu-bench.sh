#!/usr/bin/env bash
# Reproduces the README's GPU tables on an NVIDIA host with no .NET and no ffmpeg installed.
# Expects in $STAGE:
#   app/      self-contained `dotnet publish VoiceMirror.Engine -c Release -r linux-x64` (the voicemirror CLI)
#   web/      the same of VoiceMirror.Web (bench-serve drives its job path)
#   ffmpeg/   an ffmpeg with its libraries (README: "GPU serving" says how this one was made), on PATH below
#   wav2lip_gan.onnx (or the stand-in), face.png, speech.wav (10 s, 16 kHz mono PCM16),
#   models/face_detection_front_128x128.onnx, models/builtin/face_landmark.onnx
#   torch_wav2lip_baseline.py (optional: the PyTorch baseline, run first, in the same session)
# CUDA 13 + cuDNN 9 come from the host's PyTorch environment ($NV); libonnxruntime_providers_cuda.so may sit
# beside app/ and web/ when it travelled separately.
set -euo pipefail
STAGE=${STAGE:-/tmp/st}
PY=${PY:-$(command -v /opt/torch/.venv/bin/python || command -v python3)}
NV=${NV:-$($PY -c 'import nvidia, os; print(os.path.dirname(nvidia.__file__))' 2>/dev/null || echo /opt/torch/.venv/lib/python3.12/site-packages/nvidia)}
for d in "$NV"/*/lib; do LD_LIBRARY_PATH="$d:${LD_LIBRARY_PATH:-}"; done
export LD_LIBRARY_PATH PATH="$STAGE/ffmpeg:$PATH" DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
for dir in app web; do
  [[ -d "$STAGE/$dir" && ! -f "$STAGE/$dir/libonnxruntime_providers_cuda.so" && -f "$STAGE/libonnxruntime_providers_cuda.so" ]] \
    && cp "$STAGE/libonnxruntime_providers_cuda.so" "$STAGE/$dir/"
done
model=${MODEL:-$STAGE/wav2lip_gan.onnx}
fp16=${model%.onnx}_fp16.onnx
[[ -f "$fp16" ]] || $PY "$(dirname "$0")/../tools/make_fp16.py" "$model" "$fp16"
BATCHES=${BATCHES:-1,16,64,128,256,512}
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader

if [[ -f "$STAGE/torch_wav2lip_baseline.py" ]]; then
  echo "### PyTorch baseline (same GPU, same session)"
  PYTHONUNBUFFERED=1 $PY "$STAGE/torch_wav2lip_baseline.py" --compile
fi
vm="$STAGE/app/voicemirror"
for m in "$fp16" "$model"; do
  echo "### inference, serving path (bound buffers, device copies, CUDA graph), $(basename "$m")"
  "$vm" bench-inference --model "$m" --batches "$BATCHES" --seconds 3 --cuda --graph
done
echo "### inference, per-call OrtValues (no binding, no graph), $(basename "$fp16")"
"$vm" bench-inference --model "$fp16" --batches "$BATCHES" --seconds 3 --cuda

if [[ -x "$STAGE/web/VoiceMirror.Web" ]]; then
  echo "### service: N concurrent 10 s renders through the job path"
  serve=("$STAGE/web/VoiceMirror.Web" bench-serve --image "$STAGE/face.png" --audio "$STAGE/speech.wav"
         --VoiceMirror:Engine:ModelsDirectory="$STAGE/models" --VoiceMirror:Engine:Wav2LipModel="$fp16"
         --VoiceMirror:Engine:UseCuda=true --VoiceMirror:Engine:BatchSize=${BATCH:-128})
  "${serve[@]}" --renders "${RENDERS:-1,1,1,8,32,128}" --VoiceMirror:Jobs:GpuWorkers=32
  "${serve[@]}" --renders 1,1,1,32 --no-liveliness --VoiceMirror:Jobs:GpuWorkers=32
  echo "### the same process warm: four rounds of 32, then single renders"
  "${serve[@]}" --renders 32,32,32,32,1,1,1 --VoiceMirror:Jobs:GpuWorkers=32
fi

echo "### the encoder alone: N encodes of one render at once, no app beside them (scripts/encoder-ceiling.sh)"
"$vm" animate --image "$STAGE/face.png" --audio "$STAGE/speech.wav" --out "$STAGE/render.mp4" --cuda \
  --models-dir "$STAGE/models" --model "$fp16"
bash "$(dirname "$0")/encoder-ceiling.sh" "$STAGE/render.mp4" "$STAGE/speech.wav" 1 32 64
