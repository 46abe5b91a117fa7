#!/usr/bin/env bash
# Benchmarks the engine on an NVIDIA GPU host with no .NET and no ffmpeg installed.
# Expects in $STAGE: app/ (self-contained `dotnet publish` of VoiceMirror.Engine for linux-x64),
# libonnxruntime_providers_cuda.so, ffmpeg/ (ffmpeg, ffprobe and lib/), wav2lip_gan.onnx, face.png, speech.wav,
# face_detection_front_128x128.onnx. CUDA 13 + cuDNN 9 come from the host's PyTorch environment ($NV).
set -euo pipefail
STAGE=${STAGE:-/tmp/st}
NV=${NV:-$(python3 -c 'import nvidia; print(list(nvidia.__path__)[0])' 2>/dev/null || echo /opt/torch/.venv/lib/python3.12/site-packages/nvidia)}
[[ -f "$STAGE/app/libonnxruntime_providers_cuda.so" ]] || cp "$STAGE/libonnxruntime_providers_cuda.so" "$STAGE/app/"
export LD_LIBRARY_PATH="$NV/cu13/lib:$NV/cudnn/lib:$STAGE/ffmpeg/lib:${LD_LIBRARY_PATH:-}"
export PATH="$STAGE/ffmpeg:$PATH"
vm="$STAGE/app/voicemirror"
models="$STAGE/models"; mkdir -p "$models"
[[ -f "$models/face_detection_front_128x128.onnx" ]] || cp "$STAGE/face_detection_front_128x128.onnx" "$models/"
[[ -f "$STAGE/wav2lip_gan_fp16.onnx" ]] || python3 "$(dirname "$0")/../tools/make_fp16.py" "$STAGE/wav2lip_gan.onnx" "$STAGE/wav2lip_gan_fp16.onnx"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
for m in wav2lip_gan wav2lip_gan_fp16; do
  echo "### inference only, $m (NHWC + TF32, the engine's defaults)"
  "$vm" bench-inference --model "$STAGE/$m.onnx" --batches ${BATCHES:-1,16,64,256,512} --seconds 3 --cuda
done
echo "### inference only, wav2lip_gan with NCHW and no TF32 (ONNX Runtime's own defaults)"
VOICEMIRROR_ORT_CUDA="prefer_nhwc=0;use_tf32=0" "$vm" bench-inference --model "$STAGE/wav2lip_gan.onnx" --batches 64,512 --seconds 3 --cuda
for m in wav2lip_gan wav2lip_gan_fp16; do
  echo "### end to end, $m"
  "$vm" bench --image "$STAGE/face.png" --audio "$STAGE/speech.wav" --model "$STAGE/$m.onnx" --models-dir "$models" \
    --seconds 10,60 --batch ${BATCH:-64} --preset ${PRESET:-veryfast} --warm --cuda
done
