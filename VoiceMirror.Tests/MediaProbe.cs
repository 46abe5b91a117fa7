using System.Diagnostics;
using FFMpegCore;

namespace VoiceMirror.Tests;

/// <summary>Test helpers that inspect produced files with the real ffprobe/ffmpeg.</summary>
internal static class MediaProbe
{
    /// <summary>True when the bytes open with an ISO-BMFF "ftyp" box, as every MP4 does.</summary>
    public static bool IsMp4(byte[] bytes) => bytes.Length > 12 && bytes.AsSpan(4, 4).SequenceEqual("ftyp"u8);

    /// <summary>The first video stream's codec name, as ffprobe reports it.</summary>
    public static async Task<string> VideoCodecAsync(string path) =>
        (await FFProbe.AnalyseAsync(path)).PrimaryVideoStream?.CodecName ?? "";

    public static string TestData(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static string NewTempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "vm-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static Task<IMediaAnalysis> AnalyseAsync(string path) => FFProbe.AnalyseAsync(path);

    /// <summary>Decodes video frame <paramref name="index"/> of <paramref name="path"/> to raw RGB24 bytes.</summary>
    public static async Task<byte[]> DecodeFrameRgbAsync(string path, int index, int width, int height)
    {
        var psi = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "-v", "error", "-i", path, "-vf", $"select=eq(n\\,{index})", "-vframes", "1",
                     "-f", "rawvideo", "-pix_fmt", "rgb24", "-" })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var errTask = process.StandardError.ReadToEndAsync();
        using var ms = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(ms);
        await process.WaitForExitAsync();
        var bytes = ms.ToArray();
        if (process.ExitCode != 0 || bytes.Length != width * height * 3)
            throw new InvalidOperationException($"ffmpeg decode failed ({bytes.Length} bytes): {await errTask}");
        return bytes;
    }

    /// <summary>Decodes every video frame of <paramref name="path"/> to raw RGB24 bytes, in order.</summary>
    public static async Task<List<byte[]>> DecodeAllFramesRgbAsync(string path, int width, int height)
    {
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-" })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var errTask = process.StandardError.ReadToEndAsync();
        var frames = new List<byte[]>();
        var stream = process.StandardOutput.BaseStream;
        while (true)
        {
            var frame = new byte[width * height * 3];
            var read = await stream.ReadAtLeastAsync(frame, frame.Length, throwOnEndOfStream: false);
            if (read == 0) break;
            if (read != frame.Length) throw new InvalidOperationException($"Truncated frame ({read} bytes)");
            frames.Add(frame);
        }
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg decode failed: {await errTask}");
        return frames;
    }

    /// <summary>Sample count of a 16-bit PCM WAV, read from its header (data chunk size / 2 / channels).</summary>
    public static int WavSampleCount(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        reader.BaseStream.Position = 12;
        short channels = 1, bits = 16;
        while (reader.BaseStream.Position + 8 <= reader.BaseStream.Length)
        {
            var id = new string(reader.ReadChars(4));
            var size = reader.ReadInt32();
            if (id == "fmt ")
            {
                reader.ReadInt16();
                channels = reader.ReadInt16();
                reader.BaseStream.Position += 10;
                bits = reader.ReadInt16();
                reader.BaseStream.Position += size - 16;
            }
            else if (id == "data") return size / (bits / 8) / channels;
            else reader.BaseStream.Position += size;
        }
        throw new InvalidDataException("No data chunk.");
    }
}
