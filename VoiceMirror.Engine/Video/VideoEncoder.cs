using System.Globalization;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Logging;
using VoiceMirror.Engine.Audio;

namespace VoiceMirror.Engine.Video;

/// <summary>
/// The H.264 encoder the MP4s are made with, chosen once per process: NVENC (<c>h264_nvenc</c>) where ffmpeg lists it
/// and a one-frame trial encode succeeds (a listed encoder still needs an NVIDIA GPU with NVENC and its driver library:
/// the H100, for one, has no NVENC), libx264 otherwise. <see cref="EngineOptions.VideoEncoder"/> can force either.
/// </summary>
public sealed class VideoEncoder(EngineOptions options, ILogger<VideoEncoder>? logger = null)
{
    public const string Auto = "auto", X264 = "libx264", Nvenc = "h264_nvenc";

    private readonly Lazy<string> _codec = new(() => Probe(options, logger));

    /// <summary>The ffmpeg video codec name every render uses.</summary>
    public string Codec => _codec.Value;

    /// <summary>ffmpeg output arguments for <paramref name="codec"/>: quality-targeted, comparable file sizes.</summary>
    public static IReadOnlyList<string> Arguments(string codec, string x264Preset, int threads = 0) => codec == Nvenc
        // p4 is NVENC's middle preset; constant quality 23 lands near libx264's CRF 20 in size for talking heads.
        ? ["-c:v", Nvenc, "-preset", "p4", "-rc", "vbr", "-cq", "23", "-b:v", "0"]
        : ["-c:v", X264, "-preset", x264Preset, "-crf", "20", .. threads > 0 ? ["-threads", threads.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>()];

    /// <summary>
    /// The choice itself: a forced setting wins; <c>auto</c> takes NVENC only when it is listed and the trial worked.
    /// </summary>
    /// <exception cref="EngineException">EncodingFailed for a setting that names neither encoder.</exception>
    public static string Choose(string setting, IReadOnlySet<string> listed, Func<bool> nvencTrial)
    {
        var wanted = (setting ?? Auto).Trim().ToLowerInvariant();
        return wanted switch
        {
            X264 or Nvenc => wanted,
            Auto => listed.Contains(Nvenc) && nvencTrial() ? Nvenc : X264,
            _ => throw new EngineException(EngineError.EncodingFailed,
                $"VoiceMirror:Engine:VideoEncoder must be {Auto}, {X264} or {Nvenc}; '{setting}' is neither."),
        };
    }

    /// <summary>The video encoder names in the output of <c>ffmpeg -encoders</c> (lines such as " V....D libx264  ...").</summary>
    public static IReadOnlySet<string> ParseEncoders(string listing)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in listing.Split('\n'))
        {
            var parts = line.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            // The legend above the list has the same shape, with "=" where a name would be.
            if (parts.Length >= 2 && parts[0].Length == 6 && parts[0][0] == 'V' && parts[1] != "=") names.Add(parts[1]);
        }
        return names;
    }

    private static string Probe(EngineOptions options, ILogger? logger)
    {
        var listed = Run(options, ["-hide_banner", "-encoders"], out var listing) ? ParseEncoders(listing) : new HashSet<string>();
        var codec = Choose(options.VideoEncoder, listed, () => Run(options,
            ["-hide_banner", "-v", "error", "-f", "lavfi", "-i", "color=c=gray:s=256x256:r=25:d=0.04", "-frames:v", "1",
             .. Arguments(Nvenc, options.VideoPreset), "-pix_fmt", "yuv420p", "-f", "null", "-"], out _));
        logger?.LogInformation("Video encoder: {Codec} (NVENC listed by ffmpeg: {Listed})", codec, listed.Contains(Nvenc));
        return codec;
    }

    private static bool Run(EngineOptions options, IReadOnlyList<string> arguments, out string output)
    {
        var errors = new StringBuilder();
        try
        {
            var result = Ffmpeg.Command(options.FfmpegDirectory, arguments, errors)
                .ExecuteBufferedAsync().GetAwaiter().GetResult();
            output = result.StandardOutput;
            return result.ExitCode == 0;
        }
        catch (Exception e) when (Ffmpeg.IsStartFailure(e))
        {
            output = "";
            return false;
        }
    }
}
