using System.Diagnostics;
using System.Globalization;

namespace VoiceMirror.Tests.Engine.Speech;

/// <summary>Real audio for the loopback server to return and for clone samples, made once per test class:
/// a 1.5 s MP3 encoded by ffmpeg and a spoken WAV from espeak-ng.</summary>
public sealed class SpeechAudio : IAsyncLifetime
{
    public const double Mp3Seconds = 1.5;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "vm-speech-" + Guid.NewGuid().ToString("N"));
    public string Mp3Path => Path.Combine(Directory, "tone.mp3");
    public string WavPath => Path.Combine(Directory, "tone.wav");
    public string SpokenWavPath => Path.Combine(Directory, "spoken.wav");
    public byte[] Mp3 { get; private set; } = [];
    public byte[] Wav { get; private set; } = [];

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        await RunAsync("ffmpeg", null, "-v", "error", "-f", "lavfi", "-i", $"sine=frequency=220:duration={Mp3Seconds.ToString(CultureInfo.InvariantCulture)}",
            "-ac", "1", "-ar", "44100", "-c:a", "libmp3lame", "-b:a", "128k", Mp3Path);
        await RunAsync("ffmpeg", null, "-v", "error", "-f", "lavfi", "-i", "sine=frequency=330:duration=1", "-ac", "1", "-ar", "24000", WavPath);
        await RunAsync("espeak-ng", "Проверка клонирования голоса.", "-v", "ru", "--stdin", "-w", SpokenWavPath);
        Mp3 = await File.ReadAllBytesAsync(Mp3Path);
        Wav = await File.ReadAllBytesAsync(WavPath);
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    public string NewOutputDirectory() => System.IO.Directory.CreateDirectory(Path.Combine(Directory, Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Decodes the whole file with ffmpeg (fails on corrupt audio) and returns its duration from ffprobe.</summary>
    public static async Task<double> DecodedSecondsAsync(string path)
    {
        await RunAsync("ffmpeg", null, "-v", "error", "-xerror", "-i", path, "-f", "null", "-");
        var output = await RunAsync("ffprobe", null, "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path);
        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    private static async Task<string> RunAsync(string exe, string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{exe} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
