using VoiceMirror.Engine.Animators.Mirror;
using VoiceMirror.Engine.Speech;

namespace VoiceMirror.Tests.Engine.Animators.Mirror;

public sealed class MouthTrackTests
{
    // What libespeak-ng reported for "мама" (ru) and "mama" (en-us), end of audio last.
    private static readonly PhonemeMark[] MamaRu = [new(0, "m"), new(0.107, "A"), new(0.145, "m"), new(0.226, "a#"), new(0.263, "_:"), new(0.592, "_")];
    private static readonly PhonemeMark[] MamaEn = [new(0, "m"), new(0.107, "A:"), new(0.235, "m"), new(0.304, "a#"), new(0.361, "_:"), new(0.662, "_")];

    [Fact]
    public void NoPhonemesKeepTheLipsClosed()
    {
        var poses = MouthTrack.FromPhonemes([], "ru", 2, 50, 25);

        Assert.All(poses, p => Assert.Equal(MouthPose.Closed, p));
    }

    [Fact]
    public void SilentMelKeepsTheLipsClosed()
    {
        var poses = MouthTrack.FromMel(Mel(160, _ => -4f), 50, 25);

        Assert.All(poses, p => Assert.Equal(MouthPose.Closed, p));
    }

    [Theory]
    [InlineData("ru", 25)]
    [InlineData("ru", 30)]
    [InlineData("ru", 50)]
    [InlineData("en", 25)]
    [InlineData("en", 30)]
    public void MamaClosesTheLipsOnEachMAndOpensThemOnEachA(string language, int fps)
    {
        var marks = language == "ru" ? MamaRu : MamaEn;
        var seconds = marks[^1].Seconds;
        var poses = MouthTrack.FromPhonemes(marks, language, seconds, (int)Math.Ceiling(seconds * fps) + 5, fps);

        for (var i = 0; i + 1 < marks.Length; i++)
        {
            var frames = FramesIn(marks[i].Seconds - 0.5 / fps, marks[i + 1].Seconds, fps, poses.Length);
            if (marks[i].Phoneme == "m")
                Assert.Contains(frames, f => poses[f].Open == 0);
            else if (marks[i].Phoneme.StartsWith('a') || marks[i].Phoneme.StartsWith('A'))
                Assert.True(frames.Max(f => poses[f].Open) >= 0.5f, $"{marks[i].Phoneme} at {marks[i].Seconds}: {string.Join(", ", frames.Select(f => poses[f].Open))}");
        }
        Assert.Equal(0, poses[0].Open);
        Assert.Equal(0, poses[^1].Open);
    }

    [Fact]
    public void APauseClosesTheLipsWithin100MsAndKeepsThemClosedUntilItEnds()
    {
        PhonemeMark[] marks = [new(0, "d"), new(0.08, "A"), new(0.25, "_:"), new(0.55, "d"), new(0.62, "A"), new(0.8, "_")];
        const int fps = 100;
        var poses = MouthTrack.FromPhonemes(marks, "ru", 0.8, 100, fps);

        Assert.True(poses[20].Open > 0.6f, $"vowel before the pause: {poses[20].Open}");
        // Closed 100 ms into the pause and up to its end, which moves 20 ms earlier with every mark (MarkLead).
        for (var f = 35; f <= 53; f++) Assert.Equal(0, poses[f].Open);
        Assert.True(poses[70].Open > 0.6f, $"vowel after the pause: {poses[70].Open}");
        for (var f = 90; f < 100; f++) Assert.Equal(0, poses[f].Open); // after the audio
    }

    [Fact]
    public void LipsStayClosedBeforeTheFirstPhoneme()
    {
        PhonemeMark[] marks = [new(0.4, "A"), new(0.7, "_")];
        var poses = MouthTrack.FromPhonemes(marks, "ru", 0.7, 40, 50);

        for (var f = 0; f <= 19; f++) Assert.Equal(0, poses[f].Open); // up to the mark, moved 20 ms earlier (MarkLead)
        Assert.True(poses[27].Open > 0.8f);
    }

    [Fact]
    public void RoundedVowelsRoundTheLipsAndSpreadVowelsSpreadThem()
    {
        PhonemeMark[] marks = [new(0, "u"), new(0.3, "i"), new(0.6, "o"), new(0.9, "_")];
        var poses = MouthTrack.FromPhonemes(marks, "ru", 0.9, 45, 50);

        Assert.True(poses[8].Spread < -0.8f, $"у: {poses[8].Spread}");
        Assert.True(poses[23].Spread > 0.7f, $"и: {poses[23].Spread}");
        Assert.True(poses[38].Spread < -0.5f, $"о: {poses[38].Spread}");
        Assert.InRange(poses[8].Open, 0.15f, 0.35f);
        Assert.InRange(poses[38].Open, 0.45f, 0.65f);
    }

    [Fact]
    public void TheMouthAnticipatesTheNextVowelBeforeItsMark()
    {
        PhonemeMark[] marks = [new(0, "A"), new(0.4, "s"), new(0.5, "u"), new(0.9, "_")];
        var poses = MouthTrack.FromPhonemes(marks, "ru", 0.9, 90, 100);

        // Rounding for у starts during с, before the vowel's own mark; it has not begun in the middle of а.
        Assert.True(poses[46].Spread < poses[20].Spread - 0.3f, $"{poses[46].Spread} vs {poses[20].Spread}");
        Assert.True(poses[46].Spread < 0);
    }

    [Fact]
    public void MouthPosesChangeSmoothlyOutsideClosures()
    {
        PhonemeMark[] marks = [new(0, "d"), new(0.1, "A"), new(0.3, "l"), new(0.36, "i"), new(0.55, "k"), new(0.6, "o"), new(0.9, "_")];
        var poses = MouthTrack.FromPhonemes(marks, "ru", 0.9, 90, 100);

        for (var f = 12; f < 85; f++)
            Assert.True(Math.Abs(poses[f].Open - poses[f - 1].Open) < 0.12f, $"jump at frame {f}");
    }

    [Fact]
    public void MelOpensTheMouthOnLoudPartsAndClosesItWithin100MsOfQuiet()
    {
        // 1 s quiet, 1 s loud, 1 s quiet (80 columns a second).
        var mel = Mel(240, c => c is >= 80 and < 160 ? 1f : -4f);
        const int fps = 25;
        var poses = MouthTrack.FromMel(mel, 75, fps);

        for (var f = 0; f < 75; f++)
        {
            var t = f / (double)fps;
            if (t <= 0.9 || t >= 2.1) Assert.Equal(0, poses[f].Open);
            if (t is >= 1.1 and <= 1.9) Assert.True(poses[f].Open > 0.9f, $"frame {f}: {poses[f].Open}");
        }
    }

    [Fact]
    public void MelOpensQuieterSpeechLess()
    {
        var mel = Mel(240, c => c < 80 ? 1f : c < 160 ? 0f : -4f);
        var poses = MouthTrack.FromMel(mel, 75, 25);

        Assert.True(poses[12].Open > poses[37].Open + 0.2f, $"{poses[12].Open} vs {poses[37].Open}");
        Assert.True(poses[37].Open > 0.2f);
    }

    [Fact]
    public void MelSpreadFollowsTheF2ToF1Balance()
    {
        // Same loudness; the first second has a strong F2 band (like и), the second a strong F1 band (like у).
        var mel = new float[80, 160];
        for (var c = 0; c < 160; c++)
        for (var b = 0; b < 80; b++)
            mel[b, c] = b is >= 8 and < 55 ? 0.5f : -4f;
        for (var c = 0; c < 160; c++)
        for (var b = 0; b < 80; b++)
        {
            var hz = BinHz(b);
            if (c < 80 && hz is >= 1700 and <= 3300) mel[b, c] = 1.5f;
            if (c >= 80 && hz is >= 250 and <= 1100) mel[b, c] = 1.5f;
        }
        var poses = MouthTrack.FromMel(mel, 50, 25);

        Assert.InRange(poses[12].Spread, 0.2f, 0.5f);
        Assert.InRange(poses[37].Spread, -0.5f, -0.2f);
    }

    internal static float[,] Mel(int columns, Func<int, float> speechBandValue)
    {
        var mel = new float[80, columns];
        for (var c = 0; c < columns; c++)
        for (var b = 0; b < 80; b++)
            mel[b, c] = b is >= 5 and < 60 ? speechBandValue(c) : -4f;
        return mel;
    }

    private static double BinHz(int bin)
    {
        static double HzToMel(double hz) => hz < 1000 ? hz / (200.0 / 3) : 15 + Math.Log(hz / 1000) / (Math.Log(6.4) / 27);
        static double MelToHz(double mel) => mel < 15 ? mel * 200.0 / 3 : 1000 * Math.Exp(Math.Log(6.4) / 27 * (mel - 15));
        double lo = HzToMel(55), hi = HzToMel(7600);
        return MelToHz(lo + (hi - lo) * (bin + 1) / 81);
    }

    private static int[] FramesIn(double from, double to, int fps, int count) =>
        Enumerable.Range(0, count).Where(f => f / (double)fps >= from - 1e-9 && f / (double)fps < to).ToArray();
}
