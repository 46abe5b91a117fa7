namespace VoiceMirror.Engine.Motion;

/// <summary>
/// Blinks and slow head motion for a whole video, from a seed: the same seed gives the same track. Blinks come every
/// 2–6 s (none in the first 0.6 s) and last 150–250 ms, closing faster than they open. The head sways on sums of
/// three slow sinusoids (0.08–0.45 Hz, random phases) per channel, within ±<see cref="MaxRollDegrees"/> roll,
/// ±<see cref="MaxShift"/> of the frame and ±<see cref="MaxScaleChange"/> zoom; while speaking the sway grows up to
/// those bounds and a small ~1.1 Hz nod joins in, eased over about a quarter second so nothing jumps.
/// </summary>
public static class LivelinessTrack
{
    public const float MaxRollDegrees = 1.5f;
    public const float MaxShift = 0.01f;
    public const float MaxScaleChange = 0.005f;
    public const double MinBlinkInterval = 2, MaxBlinkInterval = 6;
    public const double MinBlinkSeconds = 0.15, MaxBlinkSeconds = 0.25;
    public const double FirstBlinkAfter = 0.6;

    // Share of the full sway kept while silent; speech raises it to 1.
    internal const double QuietAmplitude = 0.4;
    // Time constant of the speaking envelope, run forwards and backwards (zero phase).
    internal const double SpeakingEase = 0.25;
    internal const double NodHz = 1.1;
    internal const double NodShare = 0.2;
    // Eyelids close in 40% of a blink and open in the remaining 60%.
    internal const double ClosingShare = 0.4;

    /// <param name="speaking">Per frame, 0 silent to 1 speaking (e.g. mouth openness or loudness); empty = silent.</param>
    public static LivelinessFrame[] Create(int seed, int frameCount, int fps, ReadOnlySpan<float> speaking)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fps);
        if (!speaking.IsEmpty && speaking.Length != frameCount)
            throw new ArgumentException($"speaking has {speaking.Length} values for {frameCount} frames.", nameof(speaking));

        var random = new Random(seed);
        var blinks = Blinks(random, frameCount / (double)fps, fps);
        Sway roll = new(random), shiftX = new(random), shiftY = new(random), scale = new(random);
        var nodPhase = random.NextDouble() * 2 * Math.PI;
        var talk = SpeakingEnvelope(speaking, frameCount, fps);

        var frames = new LivelinessFrame[frameCount];
        for (var i = 0; i < frameCount; i++)
        {
            var t = i / (double)fps;
            var s = talk[i];
            var amplitude = QuietAmplitude + (1 - QuietAmplitude) * s;
            var nod = NodShare * s * Math.Sin(2 * Math.PI * NodHz * t + nodPhase);
            frames[i] = new LivelinessFrame(
                (float)BlinkAt(blinks, t),
                (float)(MaxRollDegrees * amplitude * ((1 - NodShare) * roll.At(t) + nod)),
                (float)(MaxShift * amplitude * shiftX.At(t)),
                (float)(MaxShift * amplitude * ((1 - NodShare) * shiftY.At(t) + nod)),
                (float)(1 + MaxScaleChange * amplitude * scale.At(t)));
        }
        return frames;
    }

    internal readonly record struct Blink(double Start, double Peak, double End);

    /// <summary>Blink times; each peak falls on a frame so every blink shows fully shut eyes once.</summary>
    internal static List<Blink> Blinks(Random random, double seconds, int fps)
    {
        var blinks = new List<Blink>();
        var start = FirstBlinkAfter + random.NextDouble() * (3 - FirstBlinkAfter);
        while (start < seconds)
        {
            var duration = MinBlinkSeconds + random.NextDouble() * (MaxBlinkSeconds - MinBlinkSeconds);
            var peak = Math.Round((start + ClosingShare * duration) * fps) / fps;
            var snappedStart = peak - ClosingShare * duration;
            blinks.Add(new Blink(snappedStart, peak, snappedStart + duration));
            start += MinBlinkInterval + random.NextDouble() * (MaxBlinkInterval - MinBlinkInterval);
        }
        return blinks;
    }

    internal static double BlinkAt(List<Blink> blinks, double t)
    {
        foreach (var b in blinks)
        {
            if (t <= b.Start || t >= b.End) continue;
            return t <= b.Peak ? SmoothStep((t - b.Start) / (b.Peak - b.Start)) : 1 - SmoothStep((t - b.Peak) / (b.End - b.Peak));
        }
        return 0;
    }

    /// <summary>Speaking level eased forwards then backwards with one time constant: no lag, no jumps.</summary>
    internal static double[] SpeakingEnvelope(ReadOnlySpan<float> speaking, int frameCount, int fps)
    {
        var envelope = new double[frameCount];
        if (speaking.IsEmpty) return envelope;
        var k = 1 - Math.Exp(-1.0 / (SpeakingEase * fps));
        double level = Math.Clamp(speaking[0], 0, 1);
        for (var i = 0; i < frameCount; i++) envelope[i] = level += k * (Math.Clamp(speaking[i], 0, 1) - level);
        level = envelope[^1];
        for (var i = frameCount - 1; i >= 0; i--) envelope[i] = level += k * (envelope[i] - level);
        return envelope;
    }

    private static double SmoothStep(double x) => x <= 0 ? 0 : x >= 1 ? 1 : x * x * (3 - 2 * x);

    /// <summary>Sum of three sinusoids with random frequencies, phases and weights (weights sum to 1, so |value| ≤ 1).</summary>
    private sealed class Sway
    {
        private readonly (double Hz, double Phase, double Weight)[] _parts = new (double, double, double)[3];

        public Sway(Random random)
        {
            var total = 0.0;
            for (var k = 0; k < _parts.Length; k++)
            {
                _parts[k] = (0.08 + random.NextDouble() * 0.37, random.NextDouble() * 2 * Math.PI, 0.5 + random.NextDouble());
                total += _parts[k].Weight;
            }
            for (var k = 0; k < _parts.Length; k++) _parts[k].Weight /= total;
        }

        public double At(double t)
        {
            var sum = 0.0;
            foreach (var (hz, phase, weight) in _parts) sum += weight * Math.Sin(2 * Math.PI * hz * t + phase);
            return sum;
        }
    }
}
