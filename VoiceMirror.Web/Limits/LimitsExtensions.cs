using System.Globalization;
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
        builder.Services.AddSingleton<OwnerRateLimits>();
        builder.Services.AddRateLimiter(o =>
        {
            // The middleware's partitions forward to OwnerRateLimits, whose windows the UI's services spend too.
            foreach (var policy in (string[])[Animate, Upload, Clone])
                o.AddPolicy(policy, http => http.RequestServices.GetRequiredService<OwnerRateLimits>().PartitionFor(policy, http.User));
            o.OnRejected = (context, ct) =>
            {
                var seconds = OwnerRateLimits.RetryAfterSeconds(context.Lease);
                return WriteTooManyAsync(context.HttpContext, seconds, "TooManyRequests", seconds);
            };
        });
    }

    /// After authentication: the partitions are per owner, so the user must be known here.
    public static void UseVoiceMirrorLimits(this WebApplication app) => app.UseRateLimiter();

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
