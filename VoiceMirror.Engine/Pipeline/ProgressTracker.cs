namespace VoiceMirror.Engine.Pipeline;

/// <summary>
/// Turns stage-local progress into one overall percent that never goes backwards, whichever thread reports.
/// Stage shares of the whole are rough costs measured on CPU: inference dominates.
/// </summary>
internal sealed class ProgressTracker(IProgress<PipelineProgress>? progress)
{
    public const double AudioEnd = 5, FaceEnd = 10, FramesEnd = 95;

    private readonly Lock _gate = new();
    private double _last;

    public void Report(PipelineStage stage, double percent)
    {
        lock (_gate)
        {
            percent = Math.Clamp(Math.Max(_last, percent), 0, 100);
            _last = percent;
            progress?.Report(new PipelineProgress(stage, Math.Round(percent, 1)));
        }
    }

    /// <summary>Reports <paramref name="done"/> of <paramref name="total"/> frames inside the inference share.</summary>
    public void ReportFrames(PipelineStage stage, int done, int total) =>
        Report(stage, FaceEnd + (FramesEnd - FaceEnd) * done / Math.Max(1, total));
}
