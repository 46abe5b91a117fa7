using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using VoiceMirror.Engine;
using VoiceMirror.Web.Api;
using VoiceMirror.Web.Limits;
using VoiceMirror.Web.Localization;

namespace VoiceMirror.Web.Errors;

/// The one place where failures become ProblemDetails, in the request's language (ru default, en on Accept-Language).
public sealed class ProblemExceptionHandler(
    IProblemDetailsService problems, IOptions<UploadOptions> uploads, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, code, detail) = exception switch
        {
            ApiProblemException api => (api.Status, api.MessageKey, Messages.Get(api.MessageKey, api.Args)),
            RateLimitedException limited => (StatusCodes.Status429TooManyRequests, limited.MessageKey, Messages.Get(limited.MessageKey, limited.Args)),
            EngineException engine => (StatusFor(engine.Error), engine.Error.ToString(), Messages.Get(engine.Error.ToString(), [.. engine.Args])),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (413, "ImageTooLarge", Messages.Get("ImageTooLarge", uploads.Value.MaxImageMegabytes)),
            BadHttpRequestException bad => (bad.StatusCode, "BadRequest", Messages.Get("BodyRequired")),
            _ => (500, "Unexpected", Messages.Get("Unexpected")),
        };
        if (status >= 500) logger.LogError(exception, "Request failed with {Code}", code);
        else logger.LogInformation("Request refused with {Status} {Code}: {Reason}", status, code, exception.Message);

        var problem = Create(status, code, detail);
        http.Response.StatusCode = status;
        if (exception is EngineException { Error: EngineError.PhotoQueueFull, Args: [var retryAfter, ..] })
            http.Response.Headers.RetryAfter = Convert.ToString(retryAfter, System.Globalization.CultureInfo.InvariantCulture);
        if (exception is RateLimitedException { RetryAfterSeconds: var seconds })
        {
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            problem.Extensions["retryAfterSeconds"] = seconds;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails Create(int status, string code, string detail) => new()
    {
        Status = status,
        Type = TypeFor(status),
        Title = Messages.Get("Title" + (Messages.Has("Title" + status) ? status : status >= 500 ? 500 : 400)),
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    internal static int StatusFor(EngineError error) => error switch
    {
        EngineError.NoFace or EngineError.MultipleFaces or EngineError.FaceTooSmall => StatusCodes.Status422UnprocessableEntity,
        EngineError.ModelMissing or EngineError.ModelUnsupported or EngineError.PhotoQueueFull => StatusCodes.Status503ServiceUnavailable,
        EngineError.SpeechFailed or EngineError.VoiceProviderFailed => StatusCodes.Status502BadGateway,
        EngineError.EncodingFailed => StatusCodes.Status500InternalServerError,
        EngineError.VoiceNotDeletable => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string TypeFor(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        429 => "https://tools.ietf.org/html/rfc6585#section-4", // RFC 9110 does not define 429
        502 => "https://tools.ietf.org/html/rfc9110#section-15.6.3",
        503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        _ => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
    };
}
