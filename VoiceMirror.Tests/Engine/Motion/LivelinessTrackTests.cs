using VoiceMirror.Engine.Motion;

namespace VoiceMirror.Tests.Engine.Motion;

public sealed class LivelinessTrackTests
{
    [Fact]
    public void TheSameSeedGivesTheSameTrackAndAnotherSeedAnother()
    {
        var speaking = Speaking(750, 25);

        Assert.Equal(LivelinessTrack.Create(7, 750, 25, speaking), LivelinessTrack.Create(7, 750, 25, speaking));
        Assert.NotEqual(LivelinessTrack.Create(7, 750, 25, speaking), LivelinessTrack.Create(8, 750, 25, speaking));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    public void BlinksComeEvery2To6SecondsLast150To250MsAndNotInTheFirstHalfSecond(int seed)
    {
        const int fps = 100; // fine enough to measure 150 ms
        var track = LivelinessTrack.Create(seed, 120 * fps, fps, []);

        var blinks = new List<(int First, int Last, int Peak)>();
        for (var f = 0; f < track.Length; f++)
        {
            if (track[f].Blink <= 0 || (f > 0 && track[f - 1].Blink > 0)) continue;
            var last = f;
            while (last + 1 < track.Length && track[last + 1].Blink > 0) last++;
            var peak = Enumerable.Range(f, last - f + 1).MaxBy(i => track[i].Blink);
            blinks.Add((f, last, peak));
        }

        Assert.InRange(blinks.Count, 120 / 6, 120 / 2);
        Assert.True(blinks[0].First >= 0.5 * fps, $"first blink at {blinks[0].First / (double)fps} s");
        foreach (var (first, last, peak) in blinks)
        {
            // Frames strictly inside the blink: its length is (last − first + 1) frames, give or take one.
            var seconds = (last - first + 1) / (double)fps;
            if (last < track.Length - 1) Assert.InRange(seconds, 0.15 - 0.011, 0.25 + 0.011);
            Assert.Equal(1f, track[peak].Blink);
            Assert.True(peak - first < last - peak, "eyelids close faster than they open");
        }
        for (var i = 1; i < blinks.Count; i++)
            Assert.InRange((blinks[i].First - blinks[i - 1].First) / (double)fps, 2 - 0.02, 6 + 0.02);
    }

    [Fact]
    public void HeadMotionStaysWithinItsBounds()
    {
        var track = LivelinessTrack.Create(5, 60 * 25, 25, Speaking(60 * 25, 25));

        Assert.All(track, f =>
        {
            Assert.InRange(f.RollDegrees, -LivelinessTrack.MaxRollDegrees, LivelinessTrack.MaxRollDegrees);
            Assert.InRange(f.ShiftX, -LivelinessTrack.MaxShift, LivelinessTrack.MaxShift);
            Assert.InRange(f.ShiftY, -LivelinessTrack.MaxShift, LivelinessTrack.MaxShift);
            Assert.InRange(f.Scale, 1 - LivelinessTrack.MaxScaleChange, 1 + LivelinessTrack.MaxScaleChange);
            Assert.InRange(f.Blink, 0, 1);
        });
        Assert.True(track.Max(f => Math.Abs(f.RollDegrees)) > 0.5f, "the head hardly moves");
        Assert.True(track.Max(f => Math.Abs(f.ShiftX)) > 0.003f, "the head hardly moves");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TheHeadMovesMoreWhileSpeaking(int seed)
    {
        const int fps = 25, frames = 120 * fps;
        // Alternating 10 s of silence and 10 s of speech, so both halves see the same slow sways.
        var speaking = Enumerable.Range(0, frames).Select(f => f / (10 * fps) % 2 == 1 ? 1f : 0f).ToArray();
        var track = LivelinessTrack.Create(seed, frames, fps, speaking);

        double Rms(bool talking, Func<LivelinessFrame, double> value) => Math.Sqrt(Enumerable.Range(0, frames)
            .Where(f => speaking[f] == (talking ? 1 : 0) && f % (10 * fps) > fps) // skip the second of easing
            .Average(f => value(track[f]) * value(track[f])));

        Assert.True(Rms(true, f => f.RollDegrees) > 1.5 * Rms(false, f => f.RollDegrees), "roll");
        Assert.True(Rms(true, f => f.ShiftY) > 1.5 * Rms(false, f => f.ShiftY), "nod");
    }

    [Fact]
    public void MotionChangesSmoothlyFromFrameToFrameEvenWhenSpeechStartsAbruptly()
    {
        const int fps = 25, frames = 30 * fps;
        var speaking = Enumerable.Range(0, frames).Select(f => f / (3 * fps) % 2 == 1 ? 1f : 0f).ToArray();
        var track = LivelinessTrack.Create(11, frames, fps, speaking);

        for (var f = 1; f < frames; f++)
        {
            Assert.True(Math.Abs(track[f].RollDegrees - track[f - 1].RollDegrees) < 0.2f, $"roll jumps at {f}");
            Assert.True(Math.Abs(track[f].ShiftX - track[f - 1].ShiftX) < 0.0015f, $"x jumps at {f}");
            Assert.True(Math.Abs(track[f].ShiftY - track[f - 1].ShiftY) < 0.0015f, $"y jumps at {f}");
        }
    }

    [Fact]
    public void SpeakingLevelsMustCoverEveryFrame() =>
        Assert.Throws<ArgumentException>(() => LivelinessTrack.Create(1, 10, 25, new float[9]));

    private static float[] Speaking(int frames, int fps) =>
        Enumerable.Range(0, frames).Select(f => (float)(0.5 + 0.5 * Math.Sin(f / (double)fps))).ToArray();
}
