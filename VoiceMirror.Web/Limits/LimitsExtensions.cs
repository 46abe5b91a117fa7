using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using VoiceMirror.Web.Errors;
using VoiceMirror.Web.Localization;

namespace VoiceMirror.Web.Limits;

public static class LimitsExtensions
{
    /// Policy names for [EnableRateLimiting].
    public const string Animate = "animate";
    public const string Upload = "upload";
    public const string Clone = "clone";

    public static void AddVoiceMirrorLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LimitsOptions>().Bind(builder.Configuration.GetSection(LimitsOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidator>();
        builder.Services.AddScoped<RenderSlots>();
        builder.Services.AddRateLimiter(o =>
        {
            o.AddPolicy(Animate, http => Partition(http, Animate, l => l.Animate));
            o.AddPolicy(Upload, http => Partition(http, Upload, l => l.Upload));
            o.AddPolicy(Clone, http => Partition(http, Clone, l => l.Clone));
            o.OnRejected = (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                return WriteTooManyAsync(context.HttpContext, seconds, "TooManyRequests", seconds);
            };
        });
    }

    /// After authentication: the partitions are per owner, so the user must be known here.
    public static void UseVoiceMirrorLimits(this WebApplication app) => app.UseRateLimiter();

    // One fixed window per owner and policy. The options are read per request, so the limiter of a partition
    // is created with the values in force when that owner first hits it.
    private static RateLimitPartition<string> Partition(HttpContext http, string policy, Func<LimitsOptions, WindowLimit> pick)
    {
        var limit = pick(http.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value);
        var owner = OwnerKey.Of(http.User);
        if (!limit.Enabled) return RateLimitPartition.GetNoLimiter($"{policy}:{owner}");
        return RateLimitPartition.GetFixedWindowLimiter($"{policy}:{owner}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = TimeSpan.FromSeconds(limit.WindowSeconds),
            QueueLimit = 0, // refuse at once: a client told to wait is better off than a request held open
        });
    }

    /// 429 ProblemDetails in the request's language with Retry-After in seconds.
    internal static async ValueTask WriteTooManyAsync(HttpContext http, int retryAfterSeconds, string key, params object?[] args)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var problem = ProblemExceptionHandler.Create(StatusCodes.Status429TooManyRequests, key, Messages.Get(key, args));
        problem.Extensions["retryAfterSeconds"] = retryAfterSeconds;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}
