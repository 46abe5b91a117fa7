using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace VoiceMirror.Web.Limits;

/// The one set of fixed windows per owner for animate, upload and clone. The API's rate-limiting middleware and the
/// browser UI both draw from it: a user's clicks in the gallery or the studio and that user's API keys spend the same
/// budget, so the UI is no way around the limits.
public sealed class OwnerRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<WindowKey> _windows;

    public OwnerRateLimits(IOptions<LimitsOptions> options)
    {
        var limits = options.Value;
        _windows = PartitionedRateLimiter.Create<WindowKey, WindowKey>(key => Partition(key, Pick(limits, key.Policy)));
    }

    /// Takes one permit of the caller's window for <paramref name="policy"/> (LimitsExtensions.Animate, Upload, Clone),
    /// or throws the 429 refusal the API would answer, with the wait in seconds.
    public void Take(string policy, ClaimsPrincipal? user)
    {
        using var lease = _windows.AttemptAcquire(new WindowKey(policy, OwnerKey.Of(user)));
        if (lease.IsAcquired) return;
        var seconds = RetryAfterSeconds(lease);
        throw new RateLimitedException(seconds, "TooManyRequests", seconds);
    }

    /// The middleware's partition for one request: its limiter is a view of the same window <see cref="Take"/> uses.
    public RateLimitPartition<string> PartitionFor(string policy, ClaimsPrincipal? user)
    {
        var key = new WindowKey(policy, OwnerKey.Of(user));
        return RateLimitPartition.Get($"{policy}:{key.Owner}", _ => new SharedWindow(_windows, key));
    }

    /// Whole seconds, at least 1: a Retry-After of 0 would invite an immediate retry that fails again.
    public static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;

    public void Dispose() => _windows.Dispose();

    private static WindowLimit Pick(LimitsOptions o, string policy) => policy switch
    {
        LimitsExtensions.Animate => o.Animate,
        LimitsExtensions.Upload => o.Upload,
        LimitsExtensions.Clone => o.Clone,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "No rate limit has this name."),
    };

    // The options are read once (IOptions is a singleton), so an owner's window has the values the app started with.
    private static RateLimitPartition<WindowKey> Partition(WindowKey key, WindowLimit limit) =>
        !limit.Enabled ? RateLimitPartition.GetNoLimiter(key)
        : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = TimeSpan.FromSeconds(limit.WindowSeconds),
            QueueLimit = 0, // refuse at once: a client told to wait is better off than a request held open
        });

    private readonly record struct WindowKey(string Policy, string Owner);

    // The middleware keeps its own limiter per partition; this one holds no permits of its own and forwards every
    // acquisition to the shared window. Disposing it (the middleware does when idle) leaves the window alone.
    private sealed class SharedWindow(PartitionedRateLimiter<WindowKey> windows, WindowKey key) : RateLimiter
    {
        public override TimeSpan? IdleDuration => null; // the shared windows drop their own idle limiters

        public override RateLimiterStatistics? GetStatistics() => windows.GetStatistics(key);

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => windows.AttemptAcquire(key, permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken ct) =>
            windows.AcquireAsync(key, permitCount, ct);
    }
}
