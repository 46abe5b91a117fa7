using System.Globalization;
using VoiceMirror.Engine.Pipeline;

namespace VoiceMirror.Engine.Cli;

/// <summary>
/// Prints a line when a stage starts or the percent has moved by a step (inference and composite alternate
/// per batch, so a line per stage change would be noise). Synchronous on purpose:
/// <see cref="Progress{T}"/> would post to the thread pool and could print reports out of order.
/// </summary>
internal sealed class ConsoleProgress(TextWriter output, double step = 5) : IProgress<PipelineProgress>
{
    private readonly HashSet<PipelineStage> _started = [];
    private double _printed = -1;

    public void Report(PipelineProgress value)
    {
        if (!_started.Add(value.Stage) && value.Percent - _printed < step) return;
        _printed = value.Percent;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{value.Percent,5:F1}%] {value.Stage}"));
    }
}
