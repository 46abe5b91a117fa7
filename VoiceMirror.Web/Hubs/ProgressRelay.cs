using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Jobs;

namespace VoiceMirror.Web.Hubs;

/// <summary>
/// Web nodes only. A render on a worker process writes its progress to the shared database alone; this reads the
/// rows changed since its last look (every VoiceMirror:Jobs:ProgressRelayIntervalMs, on the UpdatedAt index) and
/// hands them to <see cref="AnimationNotifier"/>, which pushes them to the hub and the UI like an in-process
/// render's. The notifier drops what it has already published, so renders in this process are not pushed twice.
/// Read only: nothing is written back.
/// </summary>
public sealed class ProgressRelay(
    IServiceScopeFactory scopes, AnimationNotifier notifier, IOptions<JobOptions> options, ILogger<ProgressRelay> logger) : BackgroundService
{
    /// Rows are read again for this long after the newest change seen: a write stamped earlier may commit later
    /// (another process), and the clocks of the nodes that stamp UpdatedAt may differ a little.
    internal static readonly TimeSpan Lookback = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTime? newest = null;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.ProgressRelayIntervalMs));
        do
        {
            try
            {
                newest = await RelayChangesAsync(newest, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A busy or unreachable database must not stop the host; the next look reads the same window again.
                logger.LogWarning(e, "Could not read changed animations; trying again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <returns>The newest UpdatedAt seen so far.</returns>
    private async Task<DateTime> RelayChangesAsync(DateTime? newest, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceMirrorDbContext>();
        // First look: start from the rows' own clock, not this node's, and leave older changes alone.
        if (newest is null) return await db.Animations.MaxAsync(a => (DateTime?)a.UpdatedAt, ct) ?? DateTime.MinValue;

        var since = newest.Value - DateTime.MinValue > Lookback ? newest.Value - Lookback : DateTime.MinValue;
        var changed = await db.Animations.AsNoTracking().Where(a => a.UpdatedAt > since).OrderBy(a => a.UpdatedAt).ToListAsync(ct);
        foreach (var row in changed) notifier.Publish(row);
        return changed.Count > 0 && changed[^1].UpdatedAt > newest.Value ? changed[^1].UpdatedAt : newest.Value;
    }
}
