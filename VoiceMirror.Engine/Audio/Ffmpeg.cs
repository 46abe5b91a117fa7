using System.ComponentModel;
using System.Text;
using CliWrap;

namespace VoiceMirror.Engine.Audio;

/// <summary>
/// ffmpeg as a CliWrap command: arguments as a list (never a shell line), the exit code left to the caller so it can
/// name the failure, and cancellation killing the process (CliWrap's forceful kill) before the call returns.
/// </summary>
internal static class Ffmpeg
{
    private const int ErrorTailLength = 2000;

    /// <summary>The command for ffmpeg in <paramref name="directory"/>, or on PATH when it is empty.</summary>
    public static Command Command(string directory, IEnumerable<string> arguments, StringBuilder errors) =>
        CliWrap.Cli.Wrap(string.IsNullOrWhiteSpace(directory) ? "ffmpeg" : Path.Combine(directory, "ffmpeg"))
            .WithArguments(arguments)
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(errors))
            .WithValidation(CommandResultValidation.None);

    /// <summary>True for the exceptions CliWrap throws when the executable cannot be started.</summary>
    public static bool IsStartFailure(Exception e) => e is Win32Exception or InvalidOperationException;

    /// <summary>The end of ffmpeg's error output, where the reason is.</summary>
    public static string Tail(StringBuilder errors)
    {
        var text = errors.ToString().Trim();
        return text.Length <= ErrorTailLength ? text : "…" + text[^ErrorTailLength..];
    }
}
