using VoiceMirror.Engine.Animators.Mirror;
using VoiceMirror.Engine.Audio;
using VoiceMirror.Engine.Speech.Espeak;
using VoiceMirror.Tests.Engine.Audio;
using Xunit.Abstractions;

namespace VoiceMirror.Tests.Engine.Animators.Mirror;

/// <summary>Mouth tracks of real speech follow its loudness.</summary>
public sealed class MouthTrackSpeechTests(ITestOutputHelper output)
{
    private const int Fps = 25;

    [Fact]
    public void MelTrackOfTheRussianTestClipFollowsItsLoudness()
    {
        var samples = AudioTestFiles.ReadPcm16Wav(AudioTestFiles.SpeechWav);
        var frames = (int)(samples.Length / 16000.0 * Fps);

        var poses = MouthTrack.FromMel(MelSpectrogram.Compute(samples), frames, Fps);

        var r = Pipeline.LipMeasures.Pearson(poses.Select(p => (double)p.Open).ToArray(), Envelope(samples, 16000, frames));
        output.WriteLine($"FromMel: Pearson(Open, RMS) = {r:F3} over {frames} frames");
        Assert.True(r >= 0.6, $"Pearson {r:F3}");
    }

    [Theory]
    [InlineData("ru", "Съешь же ещё этих мягких французских булок, да выпей чаю. Мама мыла раму, а папа читал газету.", 0.6)]
    [InlineData("en-us", "The quick brown fox jumps over the lazy dog. My mom made a map of the big blue bay.", 0.6)]
    // Voiced м/н/л/р are loud while the lips are shut or nearly so; this sentence has many (measured 0.58).
    [InlineData("ru", "Сегодня хорошая погода, и мы пойдём гулять в парк. Я возьму с собой книгу и яблоко.", 0.55)]
    public void PhonemeTrackOfSynthesisedSpeechFollowsItsLoudness(string voice, string text, double minimum)
    {
        var audio = EspeakPhonemeSynthesis.Synthesize(text, voice, CancellationToken.None);
        var samples = audio.Samples.Select(s => s / 32768f).ToArray();
        var frames = (int)(audio.Seconds * Fps);

        var poses = MouthTrack.FromPhonemes(audio.Phonemes, voice, audio.Seconds, frames, Fps);

        var r = Pipeline.LipMeasures.Pearson(poses.Select(p => (double)p.Open).ToArray(), Envelope(samples, audio.SampleRate, frames));
        output.WriteLine($"FromPhonemes ({voice}): Pearson(Open, RMS) = {r:F3} over {frames} frames, {audio.Phonemes.Count} phonemes");
        Assert.True(r >= minimum, $"Pearson {r:F3}");
    }

    /// <summary>RMS over ±20 ms around each frame's time.</summary>
    internal static double[] Envelope(float[] samples, int rate, int frames)
    {
        var envelope = new double[frames];
        var half = rate / 50;
        for (var f = 0; f < frames; f++)
        {
            var centre = (int)((long)f * rate / Fps);
            int from = Math.Max(0, centre - half), to = Math.Min(samples.Length, centre + half);
            double sum = 0;
            for (var i = from; i < to; i++) sum += samples[i] * samples[i];
            envelope[f] = to > from ? Math.Sqrt(sum / (to - from)) : 0;
        }
        return envelope;
    }

}
