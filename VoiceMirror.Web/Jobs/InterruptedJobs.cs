using Hangfire;

namespace VoiceMirror.Web.Jobs;

/// <summary>
/// The embedded SQLite job storage hides a fetched job until its invisibility timeout (an hour by default,
/// since it is not extended while a render runs). A job still processing when this process's job server starts
/// belongs to a process that died, so it is enqueued again at once through Hangfire's own API: a restart resumes
/// the render instead of leaving it stuck for an hour. Registered before the job server, and only where one
/// process runs the server on that file; the stale queue entry that reappears later finds the job no longer
/// enqueued or processing and is dropped by Hangfire.
/// </summary>
public sealed class InterruptedJobs(JobStorage storage, IBackgroundJobClient jobs, ILogger<InterruptedJobs> logger) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        var monitoring = storage.GetMonitoringApi();
        var requeued = 0;
        // Requeueing moves jobs out of the processing list, so the first page is read until it is empty.
        while (monitoring.ProcessingJobs(0, 100) is { Count: > 0 } page && !ct.IsCancellationRequested)
        {
            var before = requeued;
            foreach (var job in page)
                if (jobs.Requeue(job.Key)) requeued++;
            if (requeued == before) break; // nothing could be moved: do not spin on it
        }
        if (requeued > 0) logger.LogInformation("Requeued {Count} render jobs interrupted by the last shutdown", requeued);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
