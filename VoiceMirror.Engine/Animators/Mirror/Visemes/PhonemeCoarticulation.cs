using VoiceMirror.Engine.Speech;

namespace VoiceMirror.Engine.Animators.Mirror.Visemes;

/// <summary>
/// Phonemes to mouth poses. Each phoneme's lip target holds over its span and reaches into its neighbours through a
/// dominance function (Cohen–Massaro style: weight α inside the span, α·exp(−(τ/σ)²) at distance τ outside it, σ
/// wider ahead of the span than behind it, so lips anticipate the next sound more than they linger on the last). The
/// blend is the dominance-weighted mean of the targets. Rounding reaches further than jaw opening (it is known to
/// start over 100 ms ahead, across consonants). Closures are not blended — a blend never quite reaches 0 — but
/// multiplied in: Open·(1 − closure), where the closure is 1 on the lips-together intervals (п/б/м, pauses) and falls
/// to 0 over <see cref="ClosureRamp"/> either side.
/// </summary>
internal static class PhonemeCoarticulation
{
    // σ of the dominance tails. With MarkLead, a vowel's opening starts to show some 60–80 ms before espeak-ng's mark
    // for it, its rounding 100–150 ms before. Opening tails were tuned on espeak-ng speech: wider ones smear vowels
    // over consonants (Open vs loudness, Pearson in Russian about 0.47 at σ 70/40 ms against 0.60 at 40/20 ms).
    internal const double OpenAnticipation = 0.04;
    internal const double OpenCarryover = 0.02;
    internal const double SpreadAnticipation = 0.08;
    internal const double SpreadCarryover = 0.04;
    internal const double ClosureRamp = 0.04;
    // Lips are together this long into a pause (the brief allows 100 ms); shorter gaps between words do not close them.
    internal const double PauseCloseDelay = 0.06;
    // espeak-ng's marks trail its audio by about 20 ms (the shift that best aligns Open with loudness, ru and en).
    internal const double MarkLead = 0.02;
    // A п/б/м closes over its middle: from a quarter into its span to 30 ms (at most 30%) before the next mark, where
    // the audio already turns to the vowel. Tuned on espeak-ng speech (Open vs loudness, Pearson 0.55 → 0.62 in Russian).
    internal const double ClosureOnset = 0.25;
    internal const double ReleaseLead = 0.03;
    // Final centred smoothing, ±15 ms weighted 1-2-1, in time rather than frames so every fps gets the same curve.
    internal const double SmoothingStep = 0.015;
    private const double Far = 1e9;

    internal readonly record struct Segment(double Start, double End, Viseme Target);

    public static MouthPose[] Track(IReadOnlyList<PhonemeMark> phonemes, string? language, double audioSeconds, int frameCount, int fps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fps);
        var segments = Segments(phonemes, Language(language), audioSeconds);
        var closures = Closures(segments, frameCount, fps);

        var poses = new MouthPose[frameCount];
        for (var i = 0; i < frameCount; i++)
        {
            var t = i / (double)fps;
            var (open, spread) = Blend(segments, t);
            var (openBefore, spreadBefore) = Blend(segments, t - SmoothingStep);
            var (openAfter, spreadAfter) = Blend(segments, t + SmoothingStep);
            open = (openBefore + 2 * open + openAfter) / 4 * (1 - Closure(closures, t));
            spread = (spreadBefore + 2 * spread + spreadAfter) / 4;
            poses[i] = new MouthPose((float)Math.Clamp(open, 0, 1), (float)Math.Clamp(spread, -1, 1));
        }
        return poses;
    }

    /// <summary>Spans that tile the whole time line: silence before the first mark and after the audio, pauses merged.</summary>
    internal static List<Segment> Segments(IReadOnlyList<PhonemeMark> phonemes, string? language, double audioSeconds)
    {
        var marks = phonemes.OrderBy(p => p.Seconds).Select(p => p with { Seconds = Math.Max(0, p.Seconds - MarkLead) }).ToList();
        var silence = VisemeTable.Lookup("_", language);
        var segments = new List<Segment>();
        void Add(double start, double end, Viseme target)
        {
            if (end <= start) return;
            if (segments.Count > 0 && target.Kind == VisemeKind.Silence && segments[^1].Target.Kind == VisemeKind.Silence)
                segments[^1] = segments[^1] with { End = end };
            else
                segments.Add(new Segment(start, end, target));
        }

        Add(-Far, marks.Count > 0 ? marks[0].Seconds : Far, silence);
        var speechEnd = marks.Count > 0 ? Math.Max(audioSeconds, marks[^1].Seconds) : 0;
        for (var i = 0; i < marks.Count; i++)
        {
            var (start, end) = (marks[i].Seconds, i + 1 < marks.Count ? marks[i + 1].Seconds : speechEnd);
            var target = VisemeTable.Lookup(marks[i].Phoneme, language);
            if (target.Kind == VisemeKind.Continuation)
            {
                if (segments.Count > 0 && end > segments[^1].End) segments[^1] = segments[^1] with { End = end };
                continue;
            }
            if (target.Glide is { } glide)
            {
                var middle = start + (end - start) * target.GlideAt;
                Add(start, middle, target with { Glide = null });
                Add(middle, end, glide);
            }
            else
            {
                Add(start, end, target);
            }
        }
        if (marks.Count > 0) Add(speechEnd, Far, silence);
        return segments;
    }

    /// <summary>
    /// Intervals where the lips are together: the middle of bilabials (widened to hold at least one frame, so a short п
    /// still shows closed lips, and two for one lasting two frame intervals) and pauses from
    /// <see cref="PauseCloseDelay"/> after they start to their end.
    /// </summary>
    internal static List<(double From, double To)> Closures(List<Segment> segments, int frameCount, int fps)
    {
        var closures = new List<(double, double)>();
        foreach (var s in segments)
        {
            if (s.Target.Kind == VisemeKind.Silence)
            {
                var from = s.Start <= -Far ? -Far : s.Start + PauseCloseDelay;
                if (s.End > from) closures.Add((from, s.End));
            }
            else if (s.Target.Kind == VisemeKind.Bilabial)
            {
                var duration = s.End - s.Start;
                var (from, to) = (s.Start + ClosureOnset * duration, s.End - Math.Min(0.3 * duration, ReleaseLead));
                // A bilabial that lasts two frame intervals keeps the lips together on two frames: a lone closed frame
                // between open ones reads as a flicker, and the encoder codes such a frame coarsely.
                var frames = duration * fps >= 2 - 1e-9 ? 2 : 1;
                var firstFrame = Math.Ceiling(from * fps - 1e-9);
                var lastFrame = Math.Floor(to * fps + 1e-9);
                if (lastFrame - firstFrame + 1 < frames && firstFrame < frameCount + 1)
                {
                    var first = Math.Round((from + to) / 2 * fps - (frames - 1) / 2.0);
                    (from, to) = (Math.Min(from, first / fps), Math.Max(to, (first + frames - 1) / fps));
                }
                closures.Add((from, to));
            }
        }
        return closures;
    }

    internal static (double Open, double Spread) Blend(List<Segment> segments, double t)
    {
        double open = 0, openWeight = 0, spread = 0, spreadWeight = 0;
        var at = IndexAt(segments, t);
        for (var j = at; j >= 0; j--)
        {
            var distance = t - segments[j].End;
            if (distance > 4 * SpreadCarryover) break;
            Accumulate(segments[j].Target, distance <= 0 ? 1 : Gauss(distance / OpenCarryover), distance <= 0 ? 1 : Gauss(distance / SpreadCarryover));
        }
        for (var j = at + 1; j < segments.Count; j++)
        {
            var distance = segments[j].Start - t;
            if (distance > 4 * SpreadAnticipation) break;
            Accumulate(segments[j].Target, Gauss(distance / OpenAnticipation), Gauss(distance / SpreadAnticipation));
        }
        return (openWeight > 0 ? open / openWeight : 0, spreadWeight > 0 ? spread / spreadWeight : 0);

        void Accumulate(Viseme target, double openReach, double spreadReach)
        {
            var wo = target.OpenDominance * openReach;
            var ws = target.RoundingDominance * spreadReach;
            open += wo * target.Open;
            openWeight += wo;
            spread += ws * target.Spread;
            spreadWeight += ws;
        }
    }

    internal static double Closure(List<(double From, double To)> closures, double t)
    {
        var closed = 0.0;
        foreach (var (from, to) in closures)
        {
            var distance = t < from ? from - t : t > to ? t - to : 0;
            if (distance >= ClosureRamp) continue;
            var x = distance / ClosureRamp;
            closed = Math.Max(closed, 1 - x * x * (3 - 2 * x));
            if (closed >= 1) break;
        }
        return closed;
    }

    private static int IndexAt(List<Segment> segments, double t)
    {
        int lo = 0, hi = segments.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (segments[mid].Start <= t) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    private static double Gauss(double x) => Math.Exp(-x * x);

    private static string? Language(string? language) =>
        language is null ? null : language.Split('-', '_')[0].ToLowerInvariant();
}
