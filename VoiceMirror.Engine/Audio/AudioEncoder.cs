using System.Text;

namespace VoiceMirror.Engine.Audio;

/// <summary>Encodes speech to MP3, the format the API hands out as audioUrl.</summary>
public static class AudioEncoder
{
    /// <summary>Encodes <paramref name="inputPath"/> (anything ffmpeg reads) to a mono MP3, using ffmpeg from PATH.</summary>
    /// <exception cref="EngineException">EncodingFailed; no partial output is left behind.</exception>
    public static Task ToMp3Async(string inputPath, string mp3Path, CancellationToken ct) =>
        ToMp3Async(inputPath, mp3Path, ffmpegDirectory: "", ct);

    /// <summary>As <see cref="ToMp3Async(string,string,CancellationToken)"/> with ffmpeg from <paramref name="ffmpegDirectory"/> (empty = PATH).</summary>
    public static async Task ToMp3Async(string inputPath, string mp3Path, string ffmpegDirectory, CancellationToken ct)
    {
        var output = Path.GetFullPath(mp3Path);
        var succeeded = false;
        try
        {
            var errors = new StringBuilder();
            var result = await Ffmpeg.Command(ffmpegDirectory, Arguments(Path.GetFullPath(inputPath), output), errors)
                .ExecuteAsync(ct).ConfigureAwait(false);
            if (result.ExitCode != 0)
                throw new EngineException(EngineError.EncodingFailed,
                    $"ffmpeg could not encode '{inputPath}' to MP3 (exit {result.ExitCode}): {Ffmpeg.Tail(errors)}");
            succeeded = true;
        }
        catch (Exception e) when (Ffmpeg.IsStartFailure(e))
        {
            throw new EngineException(EngineError.EncodingFailed, $"ffmpeg could not be started: {e.Message}", e);
        }
        finally
        {
            if (!succeeded) File.Delete(output);
        }
    }

    internal static IEnumerable<string> Arguments(string fullInput, string fullOutput) =>
    [
        "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
        "-i", "file:" + fullInput,
        "-vn", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "64k",
        "-f", "mp3", "file:" + fullOutput,
    ];
}
