using Microsoft.Extensions.Options;

namespace VoiceMirror.Engine;

/// <summary>
/// Checks what data annotations cannot express, with messages that name the setting to fix, so a bad
/// configuration stops the application at start rather than failing the first render.
/// </summary>
internal sealed class EngineOptionsValidator : IValidateOptions<EngineOptions>
{
    private const string Prefix = EngineOptions.Section + ":";

    internal static readonly string[] X264Presets =
        ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"];

    internal static readonly string[] EngineIds = ["auto", "mirror", "wav2lip"];

    public ValidateOptionsResult Validate(string? name, EngineOptions o)
    {
        var errors = new List<string>();
        // H.264 in yuv420p stores chroma at half resolution, so libx264 rejects odd frame sizes.
        if (o.OutputWidth % 2 != 0 || o.OutputHeight % 2 != 0)
            errors.Add($"{Prefix}OutputWidth and OutputHeight must be even (got {o.OutputWidth}x{o.OutputHeight}); H.264 yuv420p needs even sizes.");
        if (o.MinFaceSize > Math.Min(o.OutputWidth, o.OutputHeight))
            errors.Add($"{Prefix}MinFaceSize ({o.MinFaceSize}) is larger than the output frame ({o.OutputWidth}x{o.OutputHeight}); no face could ever pass.");
        if (string.IsNullOrWhiteSpace(o.ModelsDirectory))
            errors.Add($"{Prefix}ModelsDirectory is empty; set it to the folder that holds the ONNX models (see models/README.md).");
        if (string.IsNullOrWhiteSpace(o.EspeakPath))
            errors.Add($"{Prefix}EspeakPath is empty; set it to the espeak-ng executable (usually just \"espeak-ng\").");
        if (!string.IsNullOrWhiteSpace(o.FfmpegDirectory) && !Directory.Exists(o.FfmpegDirectory))
            errors.Add($"{Prefix}FfmpegDirectory '{o.FfmpegDirectory}' does not exist; leave it empty to use ffmpeg from PATH.");
        if (o.Wav2LipModel.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || o.FaceDetectorModel.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            errors.Add($"{Prefix}Wav2LipModel and FaceDetectorModel must be file names or paths.");
        if (!EngineIds.Contains(o.DefaultEngine))
            errors.Add($"{Prefix}DefaultEngine '{o.DefaultEngine}' is not an engine; use one of {string.Join(", ", EngineIds)}.");
        if (!X264Presets.Contains(o.VideoPreset))
            errors.Add($"{Prefix}VideoPreset '{o.VideoPreset}' is not a libx264 preset; use one of {string.Join(", ", X264Presets)}.");
        string[] encoders = [Video.VideoEncoder.Auto, Video.VideoEncoder.X264, Video.VideoEncoder.Nvenc];
        if (!encoders.Contains(o.VideoEncoder, StringComparer.OrdinalIgnoreCase))
            errors.Add($"{Prefix}VideoEncoder '{o.VideoEncoder}' is not an encoder; use one of {string.Join(", ", encoders)}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
