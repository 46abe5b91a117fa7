# VoiceMirror image for both roles (VoiceMirror__Role=Web or Worker) with the ONNX Runtime CUDA stack.
# Build: docker compose build (or docker build -t voicemirror .). Models are not in the image: mount them at /models.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so code changes reuse the package layer.
COPY global.json Directory.Build.props Directory.Build.targets VoiceMirror.sln ./
COPY VoiceMirror.Engine/VoiceMirror.Engine.csproj VoiceMirror.Engine/
COPY VoiceMirror.Web/VoiceMirror.Web.csproj VoiceMirror.Web/
RUN dotnet restore VoiceMirror.Web/VoiceMirror.Web.csproj -r linux-x64 -p:SelfContained=true
COPY VoiceMirror.Engine/ VoiceMirror.Engine/
COPY VoiceMirror.Web/ VoiceMirror.Web/
# Self-contained: the CUDA base image has no .NET. The output holds wwwroot with the Blazor and MudBlazor
# static assets (_framework/, _content/) and their endpoint manifest, the Swagger XML and ONNX Runtime's CUDA provider.
RUN dotnet publish VoiceMirror.Web/VoiceMirror.Web.csproj -c Release -r linux-x64 --self-contained true --no-restore -o /app

# CUDA 13 + cuDNN 9 runtime: what Microsoft.ML.OnnxRuntime.Gpu 1.31 (CUDA 13 build) loads.
FROM nvidia/cuda:13.0.1-cudnn-runtime-ubuntu24.04
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ffmpeg espeak-ng ca-certificates libicu74 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /home/voicemirror voicemirror \
 && mkdir -p /data /models \
 && chown voicemirror:voicemirror /data
WORKDIR /app
COPY --from=build /app .
COPY models/manifest.json models/README.md /app/models-doc/
# Everything the app writes goes to /data (a fresh named volume takes this folder's owner, uid 10001).
# docker-compose.yml replaces the SQLite defaults with SQL Server; a plain `docker run` keeps them on the volume.
ENV ASPNETCORE_URLS=http://0.0.0.0:3000 \
    VoiceMirror__Role=Web \
    ConnectionStrings__VoiceMirror="Data Source=/data/voicemirror.db" \
    VoiceMirror__Jobs__SqlitePath=/data/hangfire.db \
    VoiceMirror__Storage__UploadsPath=/data/uploads \
    VoiceMirror__Storage__WorkPath=/data/work \
    VoiceMirror__Storage__KeysPath=/data/keys \
    VoiceMirror__Engine__ModelsDirectory=/models \
    VoiceMirror__Engine__UseCuda=true
USER voicemirror
VOLUME ["/data", "/models"]
EXPOSE 3000
# /health exists in both roles: 200 when Healthy or Degraded (a model missing), 503 when Unhealthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD curl -fs http://localhost:3000/health || exit 1
ENTRYPOINT ["/app/VoiceMirror.Web"]
