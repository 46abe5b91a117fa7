using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VoiceMirror.Tests.Engine.Audio;

/// <summary>Real files for audio tests: committed test data, WAVs written byte by byte, and ffmpeg/ffprobe runs.</summary>
internal static class AudioTestFiles
{
    public static string TestData(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static string SpeechWav => TestData("audio", "speech_ru_16k.wav");

    /// <summary>The reference mel: 80 x 434 float32 little-endian, [bin][frame].</summary>
    public static float[,] ReferenceMel()
    {
        var bytes = File.ReadAllBytes(TestData("audio", "speech_ru_16k.mel.f32"));
        const int bins = 80;
        var frames = bytes.Length / 4 / bins;
        var mel = new float[bins, frames];
        for (var b = 0; b < bins; b++)
        for (var f = 0; f < frames; f++)
            mel[b, f] = BitConverter.ToSingle(bytes, (b * frames + f) * 4);
        return mel;
    }

    /// <summary>Reads a PCM s16 mono WAV without ffmpeg, as librosa does: sample / 32768.</summary>
    public static float[] ReadPcm16Wav(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("WAVE", Encoding.ASCII.GetString(bytes, 8, 4));
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BitConverter.ToInt32(bytes, offset + 4);
            if (id == "fmt ")
            {
                Assert.Equal(1, BitConverter.ToInt16(bytes, offset + 8));   // PCM
                Assert.Equal(1, BitConverter.ToInt16(bytes, offset + 10));  // mono
                Assert.Equal(16, BitConverter.ToInt16(bytes, offset + 22)); // 16-bit
            }
            if (id == "data")
            {
                var count = Math.Min(size, bytes.Length - offset - 8) / 2;
                var samples = new float[count];
                for (var i = 0; i < count; i++)
                    samples[i] = BitConverter.ToInt16(bytes, offset + 8 + 2 * i) / 32768f;
                return samples;
            }
            offset += 8 + size + (size & 1);
        }
        throw new InvalidDataException("No data chunk.");
    }

    /// <summary>A canonical 44-byte-header PCM s16 mono WAV.</summary>
    public static byte[] Pcm16Wav(ReadOnlySpan<short> samples, int sampleRate = 16000)
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write("RIFF"u8); w.Write(36 + samples.Length * 2); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1);
        w.Write(sampleRate); w.Write(sampleRate * 2); w.Write((short)2); w.Write((short)16);
        w.Write("data"u8); w.Write(samples.Length * 2);
        foreach (var s in samples) w.Write(s);
        w.Flush();
        return stream.ToArray();
    }

    /// <summary>Runs ffmpeg for test fixtures (e.g. lavfi sine sources); fails the test if ffmpeg fails.</summary>
    public static async Task FfmpegAsync(params string[] arguments)
    {
        var (exit, _, errors) = await RunAsync("ffmpeg", ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", .. arguments]);
        Assert.True(exit == 0, $"ffmpeg failed: {errors}");
    }

    public sealed record Probe(string Codec, int Channels, int SampleRate, double Duration);

    public static async Task<Probe> ProbeAsync(string path)
    {
        var (exit, output, errors) = await RunAsync("ffprobe",
            ["-v", "error", "-show_entries", "stream=codec_name,channels,sample_rate:format=duration", "-of", "json", path]);
        Assert.True(exit == 0, $"ffprobe failed: {errors}");
        using var json = JsonDocument.Parse(output);
        var stream = json.RootElement.GetProperty("streams")[0];
        return new Probe(
            stream.GetProperty("codec_name").GetString()!,
            stream.GetProperty("channels").GetInt32(),
            int.Parse(stream.GetProperty("sample_rate").GetString()!, CultureInfo.InvariantCulture),
            double.Parse(json.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture));
    }

    /// <summary>Creates a named pipe: a reader of it blocks until someone writes, which lets tests cancel mid-run.</summary>
    public static async Task MakeFifoAsync(string path)
    {
        var (exit, _, errors) = await RunAsync("mkfifo", [path]);
        Assert.True(exit == 0, $"mkfifo failed: {errors}");
    }

    /// <summary>True while any process has <paramref name="fragment"/> in its command line.</summary>
    public static bool AnyProcessMentions(string fragment)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (cmdline.Contains(fragment, StringComparison.Ordinal)) return true;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return false;
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }
}

/// <summary>A fresh directory under /tmp, deleted with everything in it.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("voicemirror-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
