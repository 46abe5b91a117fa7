using VoiceMirror.Engine.Speech;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Engine.Pipeline;

/// <summary>Render <see cref="AudioPath"/> (any format FFmpeg reads) spoken by the face in <see cref="ImagePath"/> into <see cref="OutputPath"/> (MP4).</summary>
public sealed record AnimationRequest(string ImagePath, string AudioPath, string OutputPath)
{
    /// <summary><c>mirror</c>, <c>wav2lip</c>, or null/<c>auto</c> for the configured default.</summary>
    public string? Engine { get; init; }

    /// <summary>Blinks and head motion; null = <see cref="EngineOptions.Liveliness"/>.</summary>
    public bool? Liveliness { get; init; }

    /// <summary>Seeds the liveliness, so a render of the same animation moves the same way every time.</summary>
    public int Seed { get; init; }

    /// <summary>Phonemes of the speech with their times (espeak-ng voices); null = the mouth follows the mel spectrogram.</summary>
    public IReadOnlyList<PhonemeMark>? Phonemes { get; init; }

    /// <summary>Language of the text (<c>ru</c>, <c>en</c>), for the visemes.</summary>
    public string? Language { get; init; }

    /// <summary>The face mesh of the photo found at upload (photo pixels); null = found now.</summary>
    public FaceLandmarks? PhotoLandmarks { get; init; }
}

/// <summary>What a finished render produced, with seconds spent per stage (for benchmarks and logs).</summary>
public sealed record AnimationResult(
    string OutputPath,
    double DurationSeconds,
    int FrameCount,
    int Width,
    int Height,
    string Engine,
    string ModelName,
    string ExecutionProvider,
    IReadOnlyDictionary<PipelineStage, double> StageSeconds);
