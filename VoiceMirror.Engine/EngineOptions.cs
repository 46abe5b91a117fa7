using System.ComponentModel.DataAnnotations;

namespace VoiceMirror.Engine;

/// <summary>Engine settings, bound from the <c>VoiceMirror:Engine</c> configuration section.</summary>
public sealed record EngineOptions
{
    public const string Section = "VoiceMirror:Engine";

    /// <summary>Folder that holds the model files (relative paths are resolved against the working directory).</summary>
    [Required] public string ModelsDirectory { get; set; } = "models";

    /// <summary>Wav2Lip ONNX file name inside <see cref="ModelsDirectory"/>, or an absolute path (<see cref="Wav2LipPath"/> overrides it).</summary>
    [Required] public string Wav2LipModel { get; set; } = "wav2lip_gan.onnx";

    /// <summary>A Wav2Lip ONNX file anywhere on disk, overriding <see cref="Wav2LipModel"/>; the WAV2LIP_PATH variable sets it.</summary>
    public string Wav2LipPath { get; set; } = "";

    /// <summary>ONNX Runtime CUDA provider overrides ("key=value;key=value") for tuning on one GPU; the VOICEMIRROR_ORT_CUDA variable sets it.</summary>
    public string CudaProviderOptions { get; set; } = "";

    /// <summary>BlazeFace ONNX file name inside <see cref="ModelsDirectory"/>, or an absolute path.</summary>
    [Required] public string FaceDetectorModel { get; set; } = "face_detection_front_128x128.onnx";

    /// <summary>Face Mesh ONNX file inside <see cref="ModelsDirectory"/>, or an absolute path; the repository commits it as models/builtin/face_landmark.onnx.</summary>
    [Required] public string FaceMeshModel { get; set; } = "builtin/face_landmark.onnx";

    /// <summary>Engine for requests that name none: <c>auto</c> (Wav2Lip where installed, else the built-in <c>mirror</c>), <c>mirror</c> or <c>wav2lip</c>.</summary>
    [Required] public string DefaultEngine { get; set; } = "auto";

    /// <summary>Blinks and slight head motion on every render unless a request turns them off.</summary>
    public bool Liveliness { get; set; } = true;

    /// <summary>Use the CUDA execution provider when it can be loaded; CPU otherwise.</summary>
    public bool UseCuda { get; set; } = true;

    /// <summary>Frames per Wav2Lip inference call, filled from every render in flight (the renders of one GPU share one session).</summary>
    [Range(1, 4096)] public int BatchSize { get; set; } = 16;

    /// <summary>How long a Wav2Lip batch that is not full waits for frames of other renders before it runs.</summary>
    [Range(0, 1000)] public int BatchLingerMilliseconds { get; set; } = 2;

    /// <summary>On CUDA, capture the batch's kernels once as a CUDA graph and replay it (needs libcudart; fixed batch shape).</summary>
    public bool CudaGraph { get; set; } = true;

    [Range(64, 4096)] public int OutputWidth { get; set; } = 512;
    [Range(64, 4096)] public int OutputHeight { get; set; } = 512;
    [Range(1, 60)] public int Fps { get; set; } = 25;

    /// <summary>Extra margin (pixels of the original photo) added below the chin of the detected face box, as Wav2Lip's pads.</summary>
    [Range(0, 200)] public int FacePaddingBottom { get; set; } = 10;
    [Range(0, 200)] public int FacePaddingTop { get; set; }
    [Range(0, 200)] public int FacePaddingLeft { get; set; }
    [Range(0, 200)] public int FacePaddingRight { get; set; }

    /// <summary>Faces narrower than this many pixels in the photo are refused as too small.</summary>
    [Range(8, 1024)] public int MinFaceSize { get; set; } = 48;

    /// <summary>Largest photo width or height, read from the header before any pixel is decoded.</summary>
    [Range(64, 20000)] public int MaxPhotoSide { get; set; } = 8192;

    /// <summary>Largest photo area in megapixels (width × height), read from the header: it bounds the memory of one decode.</summary>
    [Range(1, 400)] public int MaxPhotoMegapixels { get; set; } = 40;

    /// <summary>Photos are kept and searched for a face at most this many pixels per side (downscaled right after decoding).</summary>
    [Range(256, 8192)] public int PhotoWorkingSide { get; set; } = 2048;

    /// <summary>Photo decodes that may run at once; each may hold up to <see cref="MaxPhotoMegapixels"/> × 3 bytes.</summary>
    [Range(1, 64)] public int PhotoDecodeSlots { get; set; } = 2;

    /// <summary>How long an upload waits for a decode slot before it is answered "busy, retry later".</summary>
    [Range(0, 60)] public int PhotoQueueWaitSeconds { get; set; } = 2;

    /// <summary>Path or name of the ffmpeg binary folder; empty = look on PATH.</summary>
    public string FfmpegDirectory { get; set; } = "";

    /// <summary>H.264 encoder: <c>auto</c> (NVENC where ffmpeg has it and a 1-frame trial encode works, else libx264), <c>libx264</c> or <c>h264_nvenc</c>.</summary>
    [Required] public string VideoEncoder { get; set; } = "auto";

    /// <summary>libx264 speed preset: faster presets give bigger files; "veryfast" keeps 512x512 encoding ahead of a CPU render.</summary>
    public string VideoPreset { get; set; } = "veryfast";

    /// <summary>
    /// Threads of each render's libx264 encoder; 0 = shared: ffmpeg's choice for a render encoding alone, the cores
    /// split between renders encoding at once (down to one thread each), see <see cref="Video.EncoderThreadShare"/>.
    /// </summary>
    [Range(0, 64)] public int EncoderThreads { get; set; }

    /// <summary>espeak-ng executable.</summary>
    public string EspeakPath { get; set; } = "espeak-ng";
}
