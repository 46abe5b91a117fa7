using System.Numerics;
using System.Runtime.CompilerServices;

namespace VoiceMirror.Engine.Audio;

/// <summary>
/// The mel spectrogram Wav2Lip was trained on (its hparams.py / audio.py, librosa 0.7 semantics):
/// pre-emphasis 0.97, centred STFT (n_fft 800, hop 200, periodic Hann, reflect padding), magnitude,
/// 80 Slaney mel bands 55–7600 Hz, dB re 20, scaled symmetrically into [-4, 4].
/// </summary>
public static class MelSpectrogram
{
    public const int SampleRate = 16000;
    public const int MelBands = 80;
    public const int FftSize = 800;
    public const int Hop = 200;
    internal const double PreEmphasis = 0.97;
    internal const double MinLevel = 1e-5;
    internal const double ReferenceDb = 20;
    internal const double MinDb = -100;
    internal const double MaxAbsValue = 4;

    private static readonly RealFft Fft = new(FftSize);
    private static readonly double[] Window = PeriodicHann(FftSize);
    private static readonly Band[] Bands = ToBands(MelFilterBank.Create(SampleRate, FftSize, MelBands, 55, 7600));

    /// <summary>Mel spectrogram [80, 1 + samples/200] of 16 kHz mono audio, row-major [bin][frame].</summary>
    // Runs once per render, so under load its loops would stay in the instrumented tier: a server JITs new code all the
    // time (queries, jobs), which keeps postponing tier-up, and the profile of 32 renders at once found it there.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[,] Compute(ReadOnlySpan<float> samples16k)
    {
        var frames = 1 + samples16k.Length / Hop;
        var padded = ReflectPad(ApplyPreEmphasis(samples16k), FftSize / 2);
        var mel = new float[MelBands, frames];

        var frame = new double[FftSize];
        var magnitudes = new double[FftSize / 2 + 1];
        var scratch = new Complex[Fft.ScratchLength];
        for (var f = 0; f < frames; f++)
        {
            var start = f * Hop;
            for (var j = 0; j < FftSize; j++) frame[j] = padded[start + j] * Window[j];
            Fft.Magnitudes(frame, magnitudes, scratch);
            for (var b = 0; b < MelBands; b++)
                mel[b, f] = (float)Normalize(Bands[b].Apply(magnitudes));
        }
        return mel;
    }

    /// <summary>y[0] = x[0], y[n] = x[n] − 0.97·x[n−1] (scipy lfilter([1, −0.97], [1], x)).</summary>
    internal static double[] ApplyPreEmphasis(ReadOnlySpan<float> x)
    {
        var y = new double[x.Length];
        for (var n = 0; n < x.Length; n++) y[n] = n == 0 ? x[0] : x[n] - PreEmphasis * x[n - 1];
        return y;
    }

    /// <summary>numpy.pad(x, pad, mode="reflect"): mirrored about the end samples, which are not repeated.</summary>
    internal static double[] ReflectPad(double[] x, int pad)
    {
        var padded = new double[x.Length + 2 * pad];
        if (x.Length == 0) return padded;
        for (var i = 0; i < padded.Length; i++) padded[i] = x[ReflectIndex(i - pad, x.Length)];
        return padded;
    }

    /// <summary>Index into x for position i under repeated reflection (period 2(n−1)).</summary>
    internal static int ReflectIndex(int i, int n)
    {
        if (n == 1) return 0;
        var period = 2 * (n - 1);
        i %= period;
        if (i < 0) i += period;
        return i < n ? i : period - i;
    }

    /// <summary>w[j] = 0.5 − 0.5·cos(2πj/n): scipy's get_window("hann", n, fftbins=True).</summary>
    internal static double[] PeriodicHann(int n)
    {
        var w = new double[n];
        for (var j = 0; j < n; j++) w[j] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * j / n);
        return w;
    }

    /// <summary>db = 20·log10(max(1e−5, m)) − 20; clip(8·(db + 100)/100 − 4, −4, 4).</summary>
    internal static double Normalize(double melMagnitude)
    {
        var db = 20 * Math.Log10(Math.Max(MinLevel, melMagnitude)) - ReferenceDb;
        var scaled = 2 * MaxAbsValue * ((db - MinDb) / -MinDb) - MaxAbsValue;
        return Math.Clamp(scaled, -MaxAbsValue, MaxAbsValue);
    }

    /// <summary>Keeps only each triangle's non-zero span; the dense bank is 95 % zeros.</summary>
    private static Band[] ToBands(double[,] weights)
    {
        var bands = new Band[weights.GetLength(0)];
        for (var b = 0; b < bands.Length; b++)
        {
            int first = 0, last = weights.GetLength(1) - 1;
            while (first < last && weights[b, first] == 0) first++;
            while (last > first && weights[b, last] == 0) last--;
            var w = new double[last - first + 1];
            for (var k = first; k <= last; k++) w[k - first] = weights[b, k];
            bands[b] = new Band(first, w);
        }
        return bands;
    }

    private sealed record Band(int First, double[] Weights)
    {
        public double Apply(ReadOnlySpan<double> magnitudes)
        {
            var sum = 0.0;
            for (var k = 0; k < Weights.Length; k++) sum += Weights[k] * magnitudes[First + k];
            return sum;
        }
    }
}
