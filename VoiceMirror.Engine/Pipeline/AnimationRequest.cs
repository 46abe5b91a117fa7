namespace VoiceMirror.Engine.Pipeline;

/// <summary>Render <see cref="AudioPath"/> (any format FFmpeg reads) spoken by the face in <see cref="ImagePath"/> into <see cref="OutputPath"/> (MP4).</summary>
public sealed record AnimationRequest(string ImagePath, string AudioPath, string OutputPath);

/// <summary>What a finished render produced, with seconds spent per stage (for benchmarks and logs).</summary>
public sealed record AnimationResult(
    string OutputPath,
    double DurationSeconds,
    int FrameCount,
    int Width,
    int Height,
    string ModelName,
    string ExecutionProvider,
    IReadOnlyDictionary<PipelineStage, double> StageSeconds);
