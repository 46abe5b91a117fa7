using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Hubs;

namespace VoiceMirror.Web.Jobs;

/// Binds animation rows to their Hangfire render jobs so that any web node can tell whether a row still has a job:
/// the row keeps the job id, a node claims a row (a conditional update only one node wins) before enqueueing, and an
/// identical request finds a row whose job is gone — never enqueued, deleted, expired — and gives it a new one.
public sealed class RenderQueue(
    VoiceMirrorDbContext db, IBackgroundJobClient jobs, JobStorage storage, AnimationNotifier notifier, ILogger<RenderQueue> logger)
{
    /// A claim not followed by a job id within this long belongs to a process that died between the two.
    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(1);
    private const string ClaimPrefix = "claim:";
    private static readonly string[] LiveStates =
        [EnqueuedState.StateName, ProcessingState.StateName, ScheduledState.StateName, AwaitingState.StateName];

    /// Enqueues the render of a row this process has just inserted.
    public Task EnqueueNewAsync(int animationId, CancellationToken ct) => ClaimAndEnqueueAsync(animationId, currentJobId: null, reset: false, ct);

    /// The row an identical request gets back: a completed or running one as it is; a failed one reset and rendered
    /// again (a render failure is not a property of the request); a processing one without a live job re-enqueued.
    public async Task<Animation> ReuseAsync(Animation row, CancellationToken ct)
    {
        var again = row.Status switch
        {
            AnimationStatus.Error => true,
            AnimationStatus.Processing => !HasLiveJob(row),
            _ => false,
        };
        if (!again) return row;
        var claimed = await ClaimAndEnqueueAsync(row.Id, row.JobId, reset: row.Status == AnimationStatus.Error, ct);
        if (claimed) logger.LogInformation("Animation {AnimationId} ({Status}, job {JobId}) is rendered again for an identical request",
            row.Id, row.Status, row.JobId ?? "none");
        return await db.Animations.AsNoTracking().FirstAsync(a => a.Id == row.Id, ct);
    }

    private bool HasLiveJob(Animation row)
    {
        if (row.JobId is null || row.JobId.StartsWith(ClaimPrefix, StringComparison.Ordinal))
            return DateTime.UtcNow - row.UpdatedAt < ClaimTimeout;
        using var connection = storage.GetConnection();
        return connection.GetStateData(row.JobId)?.Name is { } state && LiveStates.Contains(state);
    }

    /// Claims the row (only if its job id is still <paramref name="currentJobId"/>), enqueues and records the job id.
    private async Task<bool> ClaimAndEnqueueAsync(int animationId, string? currentJobId, bool reset, CancellationToken ct)
    {
        var claim = ClaimPrefix + Guid.NewGuid().ToString("N");
        var now = DateTime.UtcNow;
        var won = reset
            ? await db.Animations.Where(a => a.Id == animationId && a.JobId == currentJobId && a.Status == AnimationStatus.Error)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.JobId, claim).SetProperty(a => a.UpdatedAt, now)
                    .SetProperty(a => a.Status, AnimationStatus.Processing).SetProperty(a => a.Stage, AnimationStage.Queued)
                    .SetProperty(a => a.Progress, 0).SetProperty(a => a.Attempts, 0)
                    .SetProperty(a => a.ErrorCode, (string?)null).SetProperty(a => a.ErrorMessage, (string?)null), ct)
            : await db.Animations.Where(a => a.Id == animationId && a.JobId == currentJobId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.JobId, claim).SetProperty(a => a.UpdatedAt, now), ct);
        if (won == 0) return false;

        var jobId = jobs.Enqueue<AnimateAvatarJob>(job => job.RunAsync(animationId, CancellationToken.None));
        await db.Animations.Where(a => a.Id == animationId && a.JobId == claim)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.JobId, jobId), ct);
        // A new row changes an avatar's count, a reset one leaves "error": subscribers hear of both at once.
        await notifier.PublishAsync(animationId, ct);
        return true;
    }
}
