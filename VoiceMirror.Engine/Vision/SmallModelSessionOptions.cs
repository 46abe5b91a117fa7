using Microsoft.ML.OnnxRuntime;

namespace VoiceMirror.Engine.Vision;

/// <summary>
/// Session options for the small per-photo models (face detector, face mesh): one thread, no spinning. A run takes
/// a few milliseconds on one core, and it overlaps the audio stage, so spreading it over the host's cores gains
/// nothing a user sees; ONNX Runtime's pool threads, though, keep spinning for more work after every run. On the
/// 16-core GPU host serving 32 renders at once, that spinning was a fifth of all CPU time (perf), taken from the
/// renders' frames and encoders. Concurrent renders, not one run's threads, are what keep the cores busy.
/// </summary>
internal static class SmallModelSessionOptions
{
    public static SessionOptions Create()
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // The converted face mesh keeps a few folded constants ONNX Runtime drops with a warning on every load:
            // harmless, and not for a user's console.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }
}
