using System.ComponentModel.DataAnnotations;

namespace VoiceMirror.Web.Jobs;

/// VoiceMirror:Jobs — the Hangfire queues.
public sealed record JobOptions
{
    public const string Section = "VoiceMirror:Jobs";

    /// Process jobs in this process. A web-only node sets false; a worker-only node runs the same app with true.
    public bool RunServer { get; set; } = true;

    /// Renders in flight per GPU (queue "gpu"). They share one Wav2Lip session, whose batcher packs their frames
    /// into full batches, so more renders in flight fill the GPU better; each holds about 30 MB of host memory.
    [Range(1, 256, ErrorMessage = "VoiceMirror:Jobs:GpuWorkers must be between 1 and 256.")]
    public int GpuWorkers { get; set; } = 8;

    /// Workers for the "default" queue (light jobs).
    [Range(1, 64, ErrorMessage = "VoiceMirror:Jobs:DefaultWorkers must be between 1 and 64.")]
    public int DefaultWorkers { get; set; } = 2;

    /// Hangfire's own SQLite file (provider Sqlite); SQL Server uses ConnectionStrings:VoiceMirror.
    [Required(ErrorMessage = "VoiceMirror:Jobs:SqlitePath is empty; set a file path such as data/hangfire.db.")]
    public string SqlitePath { get; set; } = "data/hangfire.db";

    /// How long a job fetched by a process that died stays invisible before another fetch re-runs it.
    /// Must exceed the longest render: SQLite storage does not extend it while a job runs.
    [Range(1, 86400, ErrorMessage = "VoiceMirror:Jobs:InvisibilityTimeoutSeconds must be between 1 and 86400.")]
    public int InvisibilityTimeoutSeconds { get; set; } = 3600;

    /// How often an idle worker asks the embedded (SQLite) storage for a job: the longest a queued render waits to
    /// start. SQL Server storage does not poll on this: it wakes workers of the enqueueing process at once and polls
    /// other processes sub-second (Hangfire's QueuePollInterval = 0 mode).
    [Range(0.01, 60, ErrorMessage = "VoiceMirror:Jobs:QueuePollIntervalSeconds must be between 0.01 and 60.")]
    public double QueuePollIntervalSeconds { get; set; } = 0.05;

    /// How often a web node reads the progress that other processes (workers) wrote, to push it to the hub and UI.
    [Range(50, 60000, ErrorMessage = "VoiceMirror:Jobs:ProgressRelayIntervalMs must be between 50 and 60000.")]
    public int ProgressRelayIntervalMs { get; set; } = 1000;
}
