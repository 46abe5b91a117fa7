using VoiceMirror.Engine.Audio;

namespace VoiceMirror.Tests.Engine.Audio;

public sealed class MelWindowsTests
{
    [Theory]
    [InlineData(86400, 25, 135)]  // 5.4 s at 25 fps
    [InlineData(86731, 25, 136)]  // the test clip: 5.4207 s → 135.5 frames, rounded
    [InlineData(16000, 30, 30)]
    [InlineData(100, 25, 1)]      // far shorter than a frame still gives one frame
    [InlineData(0, 25, 1)]
    public void FrameCountFollowsTheAudioDuration(int samples, int fps, int frames) =>
        Assert.Equal(frames, MelWindows.FrameCount(samples, fps));

    [Theory]
    [InlineData(0, 25, 0)]
    [InlineData(1, 25, 3)]    // 3.2 columns per frame at 25 fps, truncated
    [InlineData(5, 25, 16)]
    [InlineData(10, 25, 32)]
    [InlineData(3, 30, 8)]
    [InlineData(134, 25, 418)] // 428.8 → pulled back to 434 − 16
    [InlineData(135, 25, 418)]
    public void WindowStartIsEightyColumnsPerSecondClampedToTheLastWindow(int frame, int fps, int start) =>
        Assert.Equal(start, MelWindows.WindowStart(frame, melFrames: 434, fps));

    [Fact]
    public void EveryFrameOfTheClipGetsAFullWindowInsideTheMel()
    {
        const int samples = 86731; // the test clip
        var melFrames = 1 + samples / 200;
        var frames = MelWindows.FrameCount(samples, 25);

        for (var i = 0; i < frames; i++)
        {
            var start = MelWindows.WindowStart(i, melFrames, 25);
            Assert.InRange(start, 0, melFrames - 16);
        }
        Assert.Equal(melFrames - 16, MelWindows.WindowStart(frames - 1, melFrames, 25));
    }

    [Fact]
    public void CopyWindowWritesBinMajorSixteenColumnsFromTheStart()
    {
        var mel = Numbered(80, 100);
        var dest = new float[80 * 16];

        MelWindows.CopyWindow(mel, frameIndex: 5, fps: 25, dest);

        for (var b = 0; b < 80; b++)
        for (var c = 0; c < 16; c++)
            Assert.Equal(b * 1000 + 16 + c, dest[b * 16 + c]);
    }

    [Fact]
    public void LastWindowIsTheFinalSixteenColumns()
    {
        var mel = Numbered(80, 434);
        var dest = new float[80 * 16];

        MelWindows.CopyWindow(mel, frameIndex: 135, fps: 25, dest);

        for (var b = 0; b < 80; b++)
            Assert.Equal(Enumerable.Range(418, 16).Select(c => (float)(b * 1000 + c)), dest.AsSpan(b * 16, 16).ToArray());
    }

    [Fact]
    public void MelShorterThanAWindowIsPaddedByRepeatingItsLastColumn()
    {
        var mel = Numbered(80, 5);
        var dest = new float[80 * 16];

        MelWindows.CopyWindow(mel, frameIndex: 0, fps: 25, dest);

        float[] expectedColumns = [0, 1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4];
        for (var b = 0; b < 80; b++)
            Assert.Equal(expectedColumns.Select(c => b * 1000 + c), dest.AsSpan(b * 16, 16).ToArray());
    }

    [Fact]
    public void CopyWindowRejectsATooSmallDestination() =>
        Assert.Throws<ArgumentException>(() => MelWindows.CopyWindow(Numbered(80, 20), 0, 25, new float[80 * 16 - 1]));

    private static float[,] Numbered(int bins, int columns)
    {
        var mel = new float[bins, columns];
        for (var b = 0; b < bins; b++)
        for (var c = 0; c < columns; c++)
            mel[b, c] = b * 1000 + c;
        return mel;
    }
}
