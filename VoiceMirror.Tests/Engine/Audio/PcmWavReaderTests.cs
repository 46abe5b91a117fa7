using System.Diagnostics;
using VoiceMirror.Engine.Audio;

namespace VoiceMirror.Tests.Engine.Audio;

public sealed class PcmWavReaderTests : IDisposable
{
    private readonly string _dir = MediaProbe.NewTempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SpeechWavReadsToExactlyTheSamplesFfmpegDecodes()
    {
        var direct = PcmWavReader.TryRead(AudioTestFiles.SpeechWav);

        Assert.NotNull(direct);
        Assert.Equal(FfmpegF32(AudioTestFiles.SpeechWav), direct);
    }

    [Theory]
    [InlineData("-ar", "22050")]
    [InlineData("-ac", "2")]
    [InlineData("-c:a", "pcm_f32le")]
    public void OtherLayoutsAreLeftToFfmpeg(string option, string value)
    {
        var other = Path.Combine(_dir, "other.wav");
        Run("ffmpeg", "-v", "error", "-y", "-i", AudioTestFiles.SpeechWav, option, value, other);

        Assert.Null(PcmWavReader.TryRead(other));
    }

    [Fact]
    public void FileThatIsNotAWavIsLeftToFfmpeg()
    {
        var text = Path.Combine(_dir, "speech.wav");
        File.WriteAllText(text, "RIFF but not really");

        Assert.Null(PcmWavReader.TryRead(text));
    }

    private static float[] FfmpegF32(string path)
    {
        var raw = Path.Combine(Path.GetTempPath(), $"pcm-{Guid.NewGuid():N}.f32");
        try
        {
            Run("ffmpeg", "-v", "error", "-y", "-i", path, "-ac", "1", "-ar", "16000", "-f", "f32le", raw);
            var bytes = File.ReadAllBytes(raw);
            var samples = new float[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, samples, 0, bytes.Length);
            return samples;
        }
        finally
        {
            File.Delete(raw);
        }
    }

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
    }
}
