using System.Globalization;
using VoiceMirror.Engine.Pipeline;

namespace VoiceMirror.Engine.Cli;

/// <summary>
/// Prints a line whenever the stage changes or the percent passes a whole step. Synchronous on purpose:
/// <see cref="Progress{T}"/> would post to the thread pool and could print reports out of order.
/// </summary>
internal sealed class ConsoleProgress(TextWriter output, double step = 5) : IProgress<PipelineProgress>
{
    private PipelineStage? _stage;
    private double _printed = -1;

    public void Report(PipelineProgress value)
    {
        if (value.Stage == _stage && value.Percent - _printed < step && value.Percent < 100) return;
        _stage = value.Stage;
        _printed = value.Percent;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{value.Percent,5:F1}%] {value.Stage}"));
    }
}
