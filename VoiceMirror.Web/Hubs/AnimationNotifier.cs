using Microsoft.EntityFrameworkCore;
using VoiceMirror.Engine.Pipeline;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Web.Hubs;

/// Where animation progress goes: the database row (so polling clients see it) and <see cref="Updated"/>
/// (SignalR relay, Blazor components). Each published value is a fresh, detached snapshot of the row.
/// Renders in this process publish here directly; on a web node <see cref="ProgressRelay"/> also publishes the rows
/// that other processes changed, so every snapshot passes one filter that drops repeats and stale reads.
public sealed class AnimationNotifier
{
    // Longer than ProgressRelay.Lookback: a row the relay may read again is still remembered, so it is not sent twice.
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    private readonly IServiceScopeFactory _scopes;
    private readonly UpdateStream<Animation> _stream;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Published> _published = [];
    // The last full row published per animation: a progress write changes three fields of it, so it is not read again.
    private readonly Dictionary<int, Animation> _rows = [];
    private DateTime _newest = DateTime.MinValue;
    private long _lastPrune = Environment.TickCount64;

    private sealed record Published(string Status, string Stage, int Progress, DateTime UpdatedAt);

    public AnimationNotifier(IServiceScopeFactory scopes, ILogger<AnimationNotifier> logger)
    {
        _scopes = scopes;
        _stream = new UpdateStream<Animation>(logger);
    }

    /// Subscribe for every change of every animation; dispose the subscription to stop.
    public IObservable<Animation> Updated => _stream;

    public IDisposable Subscribe(Action<Animation> onUpdate) => _stream.Subscribe(onUpdate);

    /// Progress of one render; throttled so the row is written at most every 250 ms (and on every stage change).
    public IProgress<PipelineProgress> CreateProgress(int animationId) => new ThrottledProgress(this, animationId, TimeSpan.FromMilliseconds(250));

    /// Re-reads the row and tells subscribers; call after writing it.
    public async Task PublishAsync(int animationId, CancellationToken ct = default)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceMirrorDbContext>();
        var row = await db.Animations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == animationId, ct);
        if (row is not null) Publish(row);
    }

    /// Tells subscribers about a snapshot of a row unless they already have its status, stage and progress, or have
    /// a newer snapshot (by UpdatedAt, which every write of the row sets): a value read before a newer one was
    /// published must not move a client backwards. Returns whether it was published.
    public bool Publish(Animation row)
    {
        lock (_gate) // held while publishing, so subscribers see the order decided here
        {
            if (_published.TryGetValue(row.Id, out var last))
            {
                if (row.UpdatedAt < last.UpdatedAt) return false;
                if (row.Status == last.Status && row.Stage == last.Stage && row.Progress == last.Progress)
                {
                    _published[row.Id] = last with { UpdatedAt = row.UpdatedAt };
                    return false;
                }
            }
            _published[row.Id] = new Published(row.Status, row.Stage, row.Progress, row.UpdatedAt);
            _rows[row.Id] = row;
            if (row.UpdatedAt > _newest) _newest = row.UpdatedAt;
            PruneIfDue();
            _stream.Publish(row);
            return true;
        }
    }

    // Once a minute, forget rows unchanged for longer than the retention (measured on the rows' own clock).
    private void PruneIfDue()
    {
        if (Environment.TickCount64 - _lastPrune < 60_000) return;
        _lastPrune = Environment.TickCount64;
        if (_newest - DateTime.MinValue < Retention) return;
        var cutoff = _newest - Retention;
        foreach (var (id, published) in _published)
            if (published.UpdatedAt < cutoff)
            {
                _published.Remove(id);
                _rows.Remove(id);
            }
    }

    // Synchronous: IProgress.Report is called from the render's own thread and the write takes a few milliseconds.
    internal void WriteProgress(int animationId, string stage, int percent)
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceMirrorDbContext>();
        var now = DateTime.UtcNow;
        // Never overwrite a final state: a late report must not turn "completed" back into "processing".
        var written = db.Animations.Where(a => a.Id == animationId && a.Status == AnimationStatus.Processing)
            .ExecuteUpdate(s => s.SetProperty(a => a.Stage, stage).SetProperty(a => a.Progress, percent).SetProperty(a => a.UpdatedAt, now));
        if (written == 0) return; // final (already published by the job) or deleted
        Animation? row;
        lock (_gate) row = _rows.GetValueOrDefault(animationId) is { Status: AnimationStatus.Processing } last ? last.Snapshot() : null;
        if (row is null)
            row = db.Animations.AsNoTracking().FirstOrDefault(a => a.Id == animationId); // this render's first report here
        else
            (row.Stage, row.Progress, row.UpdatedAt) = (stage, percent, now);
        if (row is not null) Publish(row);
    }

    private sealed class ThrottledProgress(AnimationNotifier owner, int animationId, TimeSpan interval) : IProgress<PipelineProgress>
    {
        private readonly Lock _gate = new();
        private string? _stage;
        private int _percent = -1;
        private long _lastWrite;

        public void Report(PipelineProgress value)
        {
            // 100 is reserved for "completed": the row only says so once the video is in place.
            var percent = Math.Clamp((int)Math.Floor(value.Percent), 0, 99);
            var stage = AnimationStage.From(value.Stage);
            lock (_gate)
            {
                percent = Math.Max(percent, _percent);
                var stageChanged = stage != _stage;
                var due = Environment.TickCount64 - _lastWrite >= interval.TotalMilliseconds;
                if (!stageChanged && (percent == _percent || !due)) return;
                _stage = stage;
                _percent = percent;
                _lastWrite = Environment.TickCount64;
                owner.WriteProgress(animationId, stage, percent);
            }
        }
    }
}
