using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Web.Limits;

/// The cap on an owner's renders in flight. A render outlives its request by minutes, so a request-scoped
/// concurrency limiter cannot see it: the rows still "processing" in the database are the count.
public sealed class RenderSlots(VoiceMirrorDbContext db, IOptions<LimitsOptions> options)
{
    /// Throws a 429 (with Retry-After) when <paramref name="ownerId"/> (null: Open mode's rows) already has the maximum of
    /// renders queued or running.
    /// Checked before the speech is made; two requests racing past it can exceed the cap by one each, which is the
    /// price of not locking across web nodes.
    public async Task EnsureFreeAsync(string? ownerId, CancellationToken ct)
    {
        var cap = options.Value.MaxConcurrentRenders;
        if (cap == 0) return;
        var active = await ActiveAsync(ownerId, ct);
        if (active >= cap)
            throw new RateLimitedException(options.Value.RenderRetryAfterSeconds, "TooManyRenders", cap);
    }

    public Task<int> ActiveAsync(string? ownerId, CancellationToken ct) =>
        db.Animations.CountAsync(a => a.OwnerId == ownerId && a.Status == AnimationStatus.Processing, ct);
}
