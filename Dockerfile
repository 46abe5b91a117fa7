# VoiceMirror web app (and worker role) with the ONNX Runtime CUDA stack.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish VoiceMirror.Web/VoiceMirror.Web.csproj -c Release -r linux-x64 --self-contained true -o /app

# CUDA 13 + cuDNN 9 runtime: what Microsoft.ML.OnnxRuntime.Gpu 1.31 (CUDA 13 build) loads.
FROM nvidia/cuda:13.0.1-cudnn-runtime-ubuntu24.04
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ffmpeg espeak-ng ca-certificates libicu74 curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY models/manifest.json models/README.md /app/models-doc/
ENV ASPNETCORE_URLS=http://0.0.0.0:3000 \
    VoiceMirror__Engine__ModelsDirectory=/models \
    VoiceMirror__Storage__UploadsPath=/data/uploads \
    VoiceMirror__Engine__UseCuda=true
VOLUME ["/data", "/models"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD curl -fs http://localhost:3000/health || exit 1
ENTRYPOINT ["/app/VoiceMirror.Web"]
