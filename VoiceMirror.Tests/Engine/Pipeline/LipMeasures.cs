using VoiceMirror.Engine.Speech;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Tests.Engine.Pipeline;

/// <summary>Measures over a rendered video's frames (pure, so they are easy to check by hand).</summary>
internal static class LipMeasures
{
    /// <summary>RMS of the 16 kHz samples in each frame's window (frame i covers [i/fps, (i+1)/fps)).</summary>
    public static double[] Loudness(float[] samples, int frameCount, int fps)
    {
        var result = new double[frameCount];
        var per = 16000 / fps;
        for (var f = 0; f < frameCount; f++)
        {
            double sum = 0;
            var n = 0;
            for (var i = f * per; i < Math.Min(samples.Length, (f + 1) * per); i++, n++) sum += samples[i] * samples[i];
            result[f] = n == 0 ? 0 : Math.Sqrt(sum / n);
        }
        return result;
    }

    public static double Pearson(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Count; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }

    /// <summary>
    /// Runs of at least <paramref name="minFrames"/> frames quieter than 40 dB below the loudest frame, with the
    /// first two frames of each left out (the lips have 100 ms to close), as [start, end) frame ranges.
    /// </summary>
    public static List<(int Start, int End)> Silences(double[] loudness, int minFrames)
    {
        var quiet = loudness.Max() * 0.01;
        var runs = new List<(int, int)>();
        for (var i = 0; i < loudness.Length;)
        {
            if (loudness[i] >= quiet) { i++; continue; }
            var start = i;
            while (i < loudness.Length && loudness[i] < quiet) i++;
            if (i - start >= minFrames) runs.Add((start + 2, i));
        }
        return runs;
    }

    /// <summary>Start and end seconds of each phoneme named in <paramref name="names"/> (a phoneme ends where the next starts).</summary>
    public static List<(double From, double To, string Name)> Spans(IReadOnlyList<PhonemeMark> marks, string[] names, double end)
    {
        var spans = new List<(double, double, string)>();
        for (var i = 0; i < marks.Count; i++)
            if (names.Contains(marks[i].Phoneme))
                spans.Add((marks[i].Seconds, i + 1 < marks.Count ? marks[i + 1].Seconds : end, marks[i].Phoneme));
        return spans;
    }

    /// <summary>Mean distance in pixels that the 468 points moved between two meshes.</summary>
    public static double MeanShift(FaceLandmarks a, FaceLandmarks b)
    {
        double sum = 0;
        for (var i = 0; i < FaceLandmarks.Count; i++)
        {
            double dx = a[i].X - b[i].X, dy = a[i].Y - b[i].Y;
            sum += Math.Sqrt(dx * dx + dy * dy);
        }
        return sum / FaceLandmarks.Count;
    }
}
