using System.Diagnostics;

namespace VoiceMirror.Engine.Animators.Mirror;

/// <summary>Render speed of the Mirror engine alone (no encoding), for the CLI bench and the tests' printout.</summary>
internal static class MirrorBenchmark
{
    /// <summary>
    /// Mean milliseconds per frame over <paramref name="frames"/> frames that sweep the mouth from closed to wide
    /// and back, spread from rounded to wide, with a blink every two seconds (at 25 fps), after a short warm-up.
    /// </summary>
    public static double MillisecondsPerFrame(MirrorRenderer renderer, int frames = 250)
    {
        var frame = new byte[renderer.FrameBytes];
        for (var i = 0; i < 10; i++) renderer.Render(Pose(i), Blink(i), frame);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < frames; i++) renderer.Render(Pose(i), Blink(i), frame);
        return clock.Elapsed.TotalMilliseconds / frames;
    }

    private static MouthPose Pose(int i) => new(MathF.Abs(MathF.Sin(i * 0.37f)), MathF.Sin(i * 0.11f));

    private static float Blink(int i) => (i % 50) switch { 0 or 3 => 0.5f, 1 or 2 => 1f, _ => 0f };
}
