namespace VoiceMirror.Engine.Video;

/// <summary>
/// How many threads one libx264 encode gets. Alone, ffmpeg's own choice (about 1.5 threads per core) finishes a render
/// soonest. With several encodes at once the cores are already busy, and x264's frame threads only add the CPU it
/// takes to hand frames between them, so the cores are split between the encodes, down to one thread each. Measured
/// on a 16-core H100/H200 host, 32 encodes of a 10 s 512x512 render at once: one thread each 1.10–1.19 CPU-s per
/// encode and 723–807 encodes/min, ffmpeg's choice 1.25–1.33 CPU-s and 695–750 encodes/min.
/// </summary>
public static class EncoderThreadShare
{
    /// <param name="configured">The <see cref="EngineOptions.EncoderThreads"/> setting; above 0 it wins.</param>
    /// <param name="cores">Cores of the host.</param>
    /// <param name="running">Encodes running now, this one included.</param>
    /// <returns>A thread count for ffmpeg's <c>-threads</c>; 0 leaves the choice to ffmpeg.</returns>
    public static int For(int configured, int cores, int running)
    {
        if (configured > 0) return configured;
        if (running <= 1) return 0;
        return Math.Max(1, cores / running);
    }
}
