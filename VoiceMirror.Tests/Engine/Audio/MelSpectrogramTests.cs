using System.Diagnostics;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Audio;
using Xunit.Abstractions;

namespace VoiceMirror.Tests.Engine.Audio;

public sealed class MelSpectrogramTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-3;

    [Fact]
    public async Task MelOfFfmpegDecodedSpeechMatchesWav2LipReference()
    {
        var samples = await new AudioDecoder(new EngineOptions()).DecodeAsync(AudioTestFiles.SpeechWav, CancellationToken.None);

        var error = MaxAbsError(MelSpectrogram.Compute(samples), AudioTestFiles.ReferenceMel());

        output.WriteLine($"max abs error (ffmpeg path): {error:E3}");
        Assert.True(error <= Tolerance, $"max abs error {error}");
    }

    [Fact]
    public void MelOfInt16SamplesReadDirectlyMatchesWav2LipReference()
    {
        var samples = AudioTestFiles.ReadPcm16Wav(AudioTestFiles.SpeechWav);

        var error = MaxAbsError(MelSpectrogram.Compute(samples), AudioTestFiles.ReferenceMel());

        output.WriteLine($"max abs error (direct path): {error:E3}");
        Assert.True(error <= Tolerance, $"max abs error {error}");
    }

    [Fact]
    public void SampleValuesMatchTheReferenceJson()
    {
        // speech_ru_16k.mel.json: frame 100, bins 0-4 (independent of the .f32 file's layout).
        double[] expected = [-1.0666212903613892, -0.678839978527396, -1.87972969299625, -0.7034825642223508, 0.09218830194432037];

        var mel = MelSpectrogram.Compute(AudioTestFiles.ReadPcm16Wav(AudioTestFiles.SpeechWav));

        for (var b = 0; b < 5; b++) Assert.Equal(expected[b], mel[b, 100], 5);
        Assert.All(Enumerable.Range(0, 5), b => Assert.Equal(-4f, mel[b, 0]));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(199, 1)]
    [InlineData(200, 2)]
    [InlineData(399, 2)]
    [InlineData(86731, 434)]
    public void HasEightyBandsAndOneFramePerHopPlusOne(int sampleCount, int frames)
    {
        var samples = Enumerable.Range(0, sampleCount).Select(i => MathF.Sin(i * 0.3f) * 0.5f).ToArray();

        var mel = MelSpectrogram.Compute(samples);

        Assert.Equal(80, mel.GetLength(0));
        Assert.Equal(frames, mel.GetLength(1));
        Assert.All(mel.Cast<float>(), v => Assert.InRange(v, -4f, 4f));
    }

    [Fact]
    public void SilenceIsTheFloorEverywhere()
    {
        var mel = MelSpectrogram.Compute(new float[4000]);

        Assert.All(mel.Cast<float>(), v => Assert.Equal(-4f, v));
    }

    [Fact]
    public void SineTonePeaksInTheMelBandOfItsFrequency()
    {
        // 1 kHz sits exactly at the Slaney scale's linear/log break, mel 15 of 8.6…52.1 split into 81 steps.
        var samples = Enumerable.Range(0, 16000).Select(i => 0.5f * MathF.Sin(2 * MathF.PI * 1000 * i / 16000f)).ToArray();
        var mel = MelSpectrogram.Compute(samples);

        var frame = 40;
        var loudest = Enumerable.Range(0, 80).MaxBy(b => mel[b, frame]);
        var edges = Enumerable.Range(0, 82)
            .Select(i => MelFilterBank.MelToHz(MelFilterBank.HzToMel(55) + (MelFilterBank.HzToMel(7600) - MelFilterBank.HzToMel(55)) * i / 81))
            .ToArray();
        var expected = Enumerable.Range(0, 80).MinBy(b => Math.Abs(edges[b + 1] - 1000));
        Assert.Equal(expected, loudest);
    }

    [Fact]
    public void SixtySecondsOfAudioGiveOneColumnPerHopPlusOne()
    {
        // Speed is the benchmark's business (`voicemirror bench` prints "audio + mel"); this checks the length only.
        var random = new Random(7);
        var samples = Enumerable.Range(0, 60 * 16000).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var mel = MelSpectrogram.Compute(samples);
        Assert.Equal((80, 4801), (mel.GetLength(0), mel.GetLength(1)));
        Assert.All(Enumerable.Range(0, 4801).Select(c => mel[40, c]), v => Assert.InRange(v, -4f, 4f));
    }

    [Theory]
    [InlineData(1e-6, -4.0)]
    [InlineData(1e-5, -4.0)]
    [InlineData(1.0, 2.4)]      // −20 dB → 8·80/100 − 4
    [InlineData(1e-2, -0.8)]    // −60 dB → 8·40/100 − 4
    [InlineData(1e-3, -2.4)]    // −80 dB → 8·20/100 − 4
    [InlineData(100.0, 4.0)]    // +20 dB clips
    public void NormalizeIsWav2LipsSymmetricDbScale(double magnitude, double expected) =>
        Assert.Equal(expected, MelSpectrogram.Normalize(magnitude), 12);

    [Fact]
    public void PreEmphasisSubtractsPointNineSevenOfThePreviousSample()
    {
        var y = MelSpectrogram.ApplyPreEmphasis([1f, 1f, 0f, -2f]);

        Assert.Equal([1.0, 0.03, -0.97, -2.0], y.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void ReflectPaddingMirrorsWithoutRepeatingTheEdgeLikeNumpy()
    {
        // numpy.pad([1, 2, 3, 4], 3, mode="reflect") = [4, 3, 2, 1, 2, 3, 4, 3, 2, 1]
        var padded = MelSpectrogram.ReflectPad([1, 2, 3, 4], 3);

        Assert.Equal([4.0, 3, 2, 1, 2, 3, 4, 3, 2, 1], padded);
    }

    [Fact]
    public void PeriodicHannStartsAtZeroAndPeaksAtTheMiddle()
    {
        var w = MelSpectrogram.PeriodicHann(800);

        Assert.Equal(0, w[0]);
        Assert.Equal(1, w[400], 15);
        Assert.Equal(w[1], w[799], 15);
    }

    private static double MaxAbsError(float[,] actual, float[,] expected)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        var max = 0.0;
        for (var b = 0; b < expected.GetLength(0); b++)
        for (var f = 0; f < expected.GetLength(1); f++)
            max = Math.Max(max, Math.Abs(actual[b, f] - expected[b, f]));
        return max;
    }
}
