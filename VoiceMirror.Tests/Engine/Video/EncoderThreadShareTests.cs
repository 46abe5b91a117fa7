using VoiceMirror.Engine;
using VoiceMirror.Engine.Video;
using VoiceMirror.Tests.Engine.Audio;

namespace VoiceMirror.Tests.Engine.Video;

public sealed class EncoderThreadShareTests : IDisposable
{
    private readonly string _dir = MediaProbe.NewTempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(16, 1, 0)]  // alone: ffmpeg's own choice
    [InlineData(16, 2, 8)]
    [InlineData(16, 8, 2)]
    [InlineData(16, 16, 1)]
    [InlineData(16, 32, 1)] // never below one thread
    [InlineData(2, 1, 0)]
    [InlineData(2, 2, 1)]
    [InlineData(2, 3, 1)]
    public void SharedSettingSplitsTheCoresBetweenTheEncodesRunning(int cores, int running, int expected) =>
        Assert.Equal(expected, EncoderThreadShare.For(0, cores, running));

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    public void ConfiguredThreadCountWinsWhateverRuns(int running) =>
        Assert.Equal(3, EncoderThreadShare.For(3, 16, running));

    [Fact]
    public async Task WriterCountsEncodesWhileTheyRunAndAfterSuccessOrFailure()
    {
        var writer = new Mp4Writer(new EngineOptions { VideoEncoder = VideoEncoder.X264 });
        var audio = MediaProbe.TestData("audio", "speech_ru_16k.wav");
        var seen = new List<int>();
        var bothStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async IAsyncEnumerable<ReadOnlyMemory<byte>> Frames(bool fail)
        {
            var frame = Enumerable.Repeat((byte)90, 32 * 32 * 3).ToArray();
            // Neither encode hands over a frame before both have started, so each sees the other running.
            await bothStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
            lock (seen) seen.Add(writer.EncodesRunning);
            for (var i = 0; i < 10; i++)
            {
                if (fail && i == 5) throw new InvalidOperationException("frame source failed");
                yield return frame;
            }
        }

        var ok = writer.WriteAsync(Frames(false), 32, 32, 25, audio, Path.Combine(_dir, "ok.mp4"), CancellationToken.None);
        var failing = writer.WriteAsync(Frames(true), 32, 32, 25, audio, Path.Combine(_dir, "failing.mp4"), CancellationToken.None);
        await AudioDecoderTests.WaitUntil(() => writer.EncodesRunning == 2, TimeSpan.FromSeconds(30));
        bothStarted.SetResult();

        await ok;
        await Assert.ThrowsAnyAsync<Exception>(() => failing);
        Assert.Equal([2, 2], seen);
        Assert.Equal(0, writer.EncodesRunning);
        Assert.True(File.Exists(Path.Combine(_dir, "ok.mp4")));
    }
}
