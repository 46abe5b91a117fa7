using System.Runtime.CompilerServices;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Video;

namespace VoiceMirror.Tests.Engine.Video;

/// <summary>Runs alone: its memory check reads the process-wide managed heap, which parallel tests would inflate.</summary>
[CollectionDefinition(nameof(MemoryMeasuringCollection), DisableParallelization = true)]
public sealed class MemoryMeasuringCollection;

[Collection(nameof(MemoryMeasuringCollection))]
public sealed class Mp4WriterTests : IDisposable
{
    private const int Fps = 25;
    private readonly string _dir = MediaProbe.NewTempDirectory();
    private readonly string _audio = MediaProbe.TestData("audio", "speech_ru_16k.wav");
    private readonly Mp4Writer _writer = new(new EngineOptions());

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Frames whose colour changes with the index, written into one reused buffer.</summary>
    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Frames(int count, int width, int height,
        Action<int>? onFrame = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var buffer = new byte[width * height * 3];
        for (var i = 0; i < count; i++)
        {
            ct.ThrowIfCancellationRequested();
            onFrame?.Invoke(i);
            for (var p = 0; p < buffer.Length; p += 3)
            {
                buffer[p] = (byte)(i * 7);
                buffer[p + 1] = (byte)(p / 3 % width * 255 / width);
                buffer[p + 2] = 128;
            }
            await Task.Yield();
            yield return buffer;
        }
    }

    private int AudioFrameCount() =>
        Math.Max(1, (int)Math.Round(MediaProbe.WavSampleCount(_audio) / 16000.0 * Fps));

    [Fact]
    public async Task WritesH264Yuv420pAacMp4WhoseDurationMatchesTheAudio()
    {
        var output = Path.Combine(_dir, "out.mp4");
        var frames = AudioFrameCount();

        await _writer.WriteAsync(Frames(frames, 320, 240), 320, 240, Fps, _audio, output, CancellationToken.None);

        var info = await MediaProbe.AnalyseAsync(output);
        var video = Assert.Single(info.VideoStreams);
        var audio = Assert.Single(info.AudioStreams);
        Assert.Equal("h264", video.CodecName);
        Assert.Equal("yuv420p", video.PixelFormat);
        Assert.Equal((320, 240), (video.Width, video.Height));
        Assert.Equal("aac", audio.CodecName);
        var audioSeconds = MediaProbe.WavSampleCount(_audio) / 16000.0;
        Assert.InRange(video.Duration.TotalSeconds, audioSeconds - 1.0 / Fps, audioSeconds + 1.0 / Fps);
        Assert.InRange(info.Duration.TotalSeconds, audioSeconds - 1.0 / Fps, audioSeconds + 1.0 / Fps);
        Assert.False(File.Exists(output + ".part"));
    }

    [Fact]
    public async Task PutsTheMoovAtomBeforeTheMediaDataForStreaming()
    {
        var output = Path.Combine(_dir, "fast.mp4");
        await _writer.WriteAsync(Frames(20, 64, 64), 64, 64, Fps, _audio, output, CancellationToken.None);

        var head = File.ReadAllBytes(output);
        var text = System.Text.Encoding.ASCII.GetString(head);
        Assert.True(text.IndexOf("moov", StringComparison.Ordinal) < text.IndexOf("mdat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CancellationMidwayDeletesThePartialFile()
    {
        var output = Path.Combine(_dir, "cancel.mp4");
        using var cts = new CancellationTokenSource();

        var write = _writer.WriteAsync(Frames(5000, 256, 256, i => { if (i == 60) cts.Cancel(); }, cts.Token),
            256, 256, Fps, _audio, output, cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".part"));
    }

    [Fact]
    public async Task AFailingFrameSourcePropagatesItsErrorAndLeavesNoFile()
    {
        var output = Path.Combine(_dir, "fail.mp4");
        var frames = Frames(500, 128, 128, i => { if (i == 30) throw new InvalidDataException("frame source broke"); });

        var e = await Assert.ThrowsAsync<InvalidDataException>(
            () => _writer.WriteAsync(frames, 128, 128, Fps, _audio, output, CancellationToken.None));

        Assert.Equal("frame source broke", e.Message);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".part"));
    }

    [Fact]
    public async Task UnreadableAudioFailsWithEncodingFailedAndLeavesNoFile()
    {
        var audio = Path.Combine(_dir, "not-audio.wav");
        await File.WriteAllTextAsync(audio, "this is not audio");
        var output = Path.Combine(_dir, "bad.mp4");

        var e = await Assert.ThrowsAsync<EngineException>(
            () => _writer.WriteAsync(Frames(50, 64, 64), 64, 64, Fps, audio, output, CancellationToken.None));

        Assert.Equal(EngineError.EncodingFailed, e.Error);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".part"));
    }

    [Fact]
    public async Task WrongFrameSizeIsRejectedAndLeavesNoFile()
    {
        var output = Path.Combine(_dir, "size.mp4");
        await Assert.ThrowsAsync<ArgumentException>(
            () => _writer.WriteAsync(Frames(10, 64, 64), 128, 128, Fps, _audio, output, CancellationToken.None));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task TwoThousandFramesAreStreamedWithoutManagedMemoryGrowingWithTheirCount()
    {
        const int count = 2000, size = 512;
        var output = Path.Combine(_dir, "long.mp4");
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;

        await _writer.WriteAsync(Frames(count, size, size, i => { if (i % 200 == 199) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true)); }),
            size, size, Fps, _audio, output, CancellationToken.None);

        // Live memory, sampled ten times: all frames held at once would be 2000 x 768 KiB = 1.5 GiB.
        Assert.InRange(peak - baseline, long.MinValue, 64L * 1024 * 1024);
        var info = await MediaProbe.AnalyseAsync(output);
        Assert.InRange(info.PrimaryVideoStream!.Duration.TotalSeconds, count / (double)Fps - 0.05, count / (double)Fps + 0.05);
    }
}
