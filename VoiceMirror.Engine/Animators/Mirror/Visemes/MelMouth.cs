using VoiceMirror.Engine.Audio;

namespace VoiceMirror.Engine.Animators.Mirror.Visemes;

/// <summary>
/// Mouth poses from the Wav2Lip mel alone, for voices whose phonemes are unknown. Openness follows loudness in the
/// speech band relative to the clip's own loud level; roundness comes from how the F2 band compares with the F1 band.
/// </summary>
internal static class MelMouth
{
    internal const double ColumnSeconds = MelSpectrogram.Hop / (double)MelSpectrogram.SampleRate; // 12.5 ms
    // Speech spans about 30 dB from vowels to the quietest consonants; anything quieter is silence.
    internal const double SpeechRangeDb = 30;
    // Below this the mel holds digital silence (its floor is −100 dB).
    internal const double AbsoluteSilenceDb = -90;
    internal const float MaxSpread = 0.5f;
    // Centred triangle of ±3 columns (37.5 ms): smooth, no lag, and silence longer than that reads exactly 0.
    private static readonly double[] Smoothing = [1, 2, 3, 4, 3, 2, 1];

    private static readonly double[] BinHz = BinCentres();
    private static readonly (int From, int To) SpeechBand = Bins(150, 4000);
    private static readonly (int From, int To) LowBand = Bins(250, 1100);
    private static readonly (int From, int To) HighBand = Bins(1700, 3300);

    public static MouthPose[] Track(float[,] mel, int frameCount, int fps)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(mel.GetLength(0), MelSpectrogram.MelBands);
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fps);
        var columns = mel.GetLength(1);
        var loudness = new double[columns];
        var tilt = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            loudness[c] = BandDb(mel, c, SpeechBand);
            tilt[c] = BandDb(mel, c, HighBand) - BandDb(mel, c, LowBand);
        }

        var open = Openness(loudness);
        var spread = Rounding(tilt, open);
        var smoothOpen = Smooth(open);
        var smoothSpread = Smooth(spread);

        var poses = new MouthPose[frameCount];
        for (var i = 0; i < frameCount; i++)
        {
            var x = i / (double)fps / ColumnSeconds;
            poses[i] = new MouthPose((float)Math.Clamp(Sample(smoothOpen, x), 0, 1), (float)Math.Clamp(Sample(smoothSpread, x), -1, 1));
        }
        return poses;
    }

    /// <summary>0 below the gate (loud level − 30 dB, never under −90 dB), rising linearly to 1 at the loud level (95th percentile).</summary>
    internal static double[] Openness(double[] loudnessDb)
    {
        var open = new double[loudnessDb.Length];
        if (open.Length == 0) return open;
        var loud = Percentile(loudnessDb, 0.95);
        var gate = Math.Max(loud - SpeechRangeDb, AbsoluteSilenceDb);
        if (loud <= gate) return open;
        for (var c = 0; c < open.Length; c++)
            open[c] = loudnessDb[c] <= gate ? 0 : Math.Min(1, (loudnessDb[c] - gate) / (loud - gate));
        return open;
    }

    /// <summary>
    /// F2-band minus F1-band level, centred on the clip's median over sounding columns and scaled by its spread
    /// (10th–90th percentile): high for и/э, low for о/у. Kept within ±<see cref="MaxSpread"/>: a rough guess.
    /// </summary>
    internal static double[] Rounding(double[] tiltDb, double[] open)
    {
        var spread = new double[tiltDb.Length];
        var sounding = tiltDb.Where((_, c) => open[c] > 0.2).ToArray();
        if (sounding.Length < 4) return spread;
        var median = Percentile(sounding, 0.5);
        var scale = Math.Max(3, (Percentile(sounding, 0.9) - Percentile(sounding, 0.1)) / 2);
        for (var c = 0; c < spread.Length; c++)
            spread[c] = open[c] <= 0 ? 0 : Math.Clamp((tiltDb[c] - median) / scale, -1, 1) * MaxSpread * Math.Min(1, open[c] * 2);
        return spread;
    }

    /// <summary>Mean power of a band in dB, undoing Wav2Lip's normalisation: dB = (v + 4) · 12.5 − 100.</summary>
    private static double BandDb(float[,] mel, int column, (int From, int To) band)
    {
        double power = 0;
        for (var b = band.From; b <= band.To; b++)
            power += Math.Pow(10, ((mel[b, column] + 4) * 12.5 - 100) / 10);
        return 10 * Math.Log10(power / (band.To - band.From + 1));
    }

    private static double[] Smooth(double[] x)
    {
        var y = new double[x.Length];
        var half = Smoothing.Length / 2;
        for (var c = 0; c < x.Length; c++)
        {
            double sum = 0, weight = 0;
            for (var k = -half; k <= half; k++)
            {
                var j = c + k;
                if (j < 0 || j >= x.Length) continue;
                sum += Smoothing[k + half] * x[j];
                weight += Smoothing[k + half];
            }
            y[c] = sum / weight;
        }
        return y;
    }

    private static double Sample(double[] x, double position)
    {
        if (x.Length == 0 || position < 0 || position > x.Length - 1) return 0;
        var i = (int)position;
        if (i >= x.Length - 1) return x[^1];
        var f = position - i;
        return x[i] * (1 - f) + x[i + 1] * f;
    }

    internal static double Percentile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var i = (int)position;
        return i + 1 < sorted.Length ? sorted[i] + (sorted[i + 1] - sorted[i]) * (position - i) : sorted[i];
    }

    private static double[] BinCentres()
    {
        // Wav2Lip's filter bank: 80 triangles evenly spaced in Slaney mel between 55 and 7600 Hz; bin i peaks at edge i+1.
        double melMin = MelFilterBank.HzToMel(55), melMax = MelFilterBank.HzToMel(7600);
        return Enumerable.Range(0, MelSpectrogram.MelBands)
            .Select(i => MelFilterBank.MelToHz(melMin + (melMax - melMin) * (i + 1) / (MelSpectrogram.MelBands + 1)))
            .ToArray();
    }

    private static (int From, int To) Bins(double fromHz, double toHz) =>
        (Array.FindIndex(BinHz, hz => hz >= fromHz), Array.FindLastIndex(BinHz, hz => hz <= toHz));
}
