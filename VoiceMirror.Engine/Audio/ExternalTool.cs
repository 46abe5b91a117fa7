using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace VoiceMirror.Engine.Audio;

/// <summary>
/// Runs a command-line tool (ffmpeg, espeak-ng) directly, never through a shell: arguments go through
/// <see cref="ProcessStartInfo.ArgumentList"/> and user text only through standard input.
/// </summary>
internal static class ExternalTool
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private const int ErrorTailLength = 2000;

    internal sealed record Result(int ExitCode, string Errors);

    /// <summary>
    /// Starts <paramref name="fileName"/>, writes <paramref name="standardInput"/> (then closes it), hands stdout to
    /// <paramref name="readOutput"/> while it streams, and collects the tail of stderr. Cancellation kills the
    /// whole process tree and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <exception cref="Win32Exception">The executable could not be started.</exception>
    public static async Task<Result> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? standardInput,
        Func<Stream, CancellationToken, Task>? readOutput,
        CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8NoBom,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = startInfo };
        process.Start();
        using var killOnCancel = ct.Register(() => Kill(process));

        // stderr is drained concurrently so a chatty tool can never block on a full pipe.
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            var input = WriteInputAsync(process.StandardInput, standardInput);
            var output = readOutput is null
                ? process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None)
                : readOutput(process.StandardOutput.BaseStream, ct);
            await Task.WhenAll(input, output);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The process was killed; the read failed because of it. Reported below as cancellation.
        }
        catch
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }

        await process.WaitForExitAsync(CancellationToken.None);
        var errorText = await errors;
        ct.ThrowIfCancellationRequested();
        return new Result(process.ExitCode, Tail(errorText));
    }

    /// <summary>The folder-qualified executable, or the bare name so the OS searches PATH.</summary>
    public static string Resolve(string directory, string name) =>
        string.IsNullOrWhiteSpace(directory) ? name : Path.Combine(directory, name);

    private static async Task WriteInputAsync(StreamWriter stdin, string? text)
    {
        try
        {
            if (text is not null)
            {
                await stdin.WriteAsync(text);
                await stdin.FlushAsync();
            }
            stdin.Close();
        }
        catch (IOException)
        {
            // The tool exited before reading all input (broken pipe); its exit code tells what happened.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
        catch (Win32Exception) { }
    }

    private static string Tail(string text)
    {
        text = text.Trim();
        return text.Length <= ErrorTailLength ? text : "…" + text[^ErrorTailLength..];
    }
}
