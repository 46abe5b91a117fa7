using System.Diagnostics;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Video;

namespace VoiceMirror.Tests.Engine.Video;

public sealed class VideoEncoderTests : IDisposable
{
    private readonly string _dir = MediaProbe.NewTempDirectory();
    private static readonly IReadOnlySet<string> WithNvenc = new HashSet<string> { "libx264", "h264_nvenc" };
    private static readonly IReadOnlySet<string> X264Only = new HashSet<string> { "libx264" };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AutoTakesNvencWhenListedAndTheTrialEncodeWorks() =>
        Assert.Equal("h264_nvenc", VideoEncoder.Choose("auto", WithNvenc, () => true));

    [Fact]
    public void AutoFallsBackToLibx264WhenTheTrialEncodeFails() =>
        Assert.Equal("libx264", VideoEncoder.Choose("auto", WithNvenc, () => false));

    [Fact]
    public void AutoDoesNotTryNvencThatFfmpegDoesNotList()
    {
        var tried = false;
        Assert.Equal("libx264", VideoEncoder.Choose("auto", X264Only, () => tried = true));
        Assert.False(tried);
    }

    [Theory]
    [InlineData("libx264")]
    [InlineData("H264_NVENC")]
    public void ForcedEncoderIsTakenWithoutATrial(string setting) =>
        Assert.Equal(setting.ToLowerInvariant(), VideoEncoder.Choose(setting, X264Only, () => throw new InvalidOperationException("no trial")));

    [Fact]
    public void UnknownEncoderSettingIsRefusedWithTheChoices()
    {
        var e = Assert.Throws<EngineException>(() => VideoEncoder.Choose("h265", WithNvenc, () => true));
        Assert.Equal(EngineError.EncodingFailed, e.Error);
        Assert.Contains("libx264", e.Message);
    }

    [Fact]
    public void EncoderListOfTheInstalledFfmpegIsParsedWithoutItsLegend()
    {
        var psi = new ProcessStartInfo("ffmpeg", "-hide_banner -encoders") { RedirectStandardOutput = true };
        using var ffmpeg = Process.Start(psi)!;
        var listing = ffmpeg.StandardOutput.ReadToEnd();
        ffmpeg.WaitForExit();

        var names = VideoEncoder.ParseEncoders(listing);

        Assert.Contains("libx264", names);
        Assert.DoesNotContain("=", names);
        Assert.DoesNotContain("aac", names); // audio encoders are not video encoders
    }

    [Fact]
    public async Task AutoOnThisHostWritesAPlayableH264Mp4()
    {
        var options = new EngineOptions();
        var encoder = new VideoEncoder(options);
        var output = Path.Combine(_dir, "auto.mp4");

        await new Mp4Writer(options, encoder).WriteAsync(GrayFrames(25), 64, 64, 25,
            MediaProbe.TestData("audio", "speech_ru_16k.wav"), output, CancellationToken.None);

        Assert.Contains(encoder.Codec, new[] { "libx264", "h264_nvenc" });
        if (!File.Exists("/dev/nvidia0")) Assert.Equal("libx264", encoder.Codec); // listed by Debian's ffmpeg, but no GPU here
        Assert.Equal("h264", Assert.Single((await MediaProbe.AnalyseAsync(output)).VideoStreams).CodecName);
    }

    [Fact]
    public async Task ForcedNvencWithoutAnNvidiaGpuFailsTheRenderAndLeavesNoFile()
    {
        if (File.Exists("/dev/nvidia0")) return; // this host could really encode with NVENC
        var options = new EngineOptions { VideoEncoder = "h264_nvenc" };
        var output = Path.Combine(_dir, "nvenc.mp4");

        var e = await Assert.ThrowsAsync<EngineException>(() => new Mp4Writer(options).WriteAsync(GrayFrames(25), 64, 64, 25,
            MediaProbe.TestData("audio", "speech_ru_16k.wav"), output, CancellationToken.None));

        Assert.Equal(EngineError.EncodingFailed, e.Error);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task EncoderThreadsReachLibx264AndTheVideoStillPlays()
    {
        Assert.Equal(["-threads", "2"], VideoEncoder.Arguments(VideoEncoder.X264, "veryfast", 2).TakeLast(2));
        Assert.DoesNotContain("-threads", VideoEncoder.Arguments(VideoEncoder.X264, "veryfast", 0));
        var options = new EngineOptions { VideoEncoder = VideoEncoder.X264, EncoderThreads = 1 };
        var output = Path.Combine(_dir, "one-thread.mp4");

        await new Mp4Writer(options).WriteAsync(GrayFrames(25), 64, 64, 25,
            MediaProbe.TestData("audio", "speech_ru_16k.wav"), output, CancellationToken.None);

        Assert.Equal("h264", Assert.Single((await MediaProbe.AnalyseAsync(output)).VideoStreams).CodecName);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> GrayFrames(int count)
    {
        var frame = Enumerable.Repeat((byte)128, 64 * 64 * 3).ToArray();
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return frame;
        }
    }
}
