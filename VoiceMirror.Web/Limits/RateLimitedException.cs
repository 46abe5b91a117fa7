namespace VoiceMirror.Web.Limits;

/// A refusal for going over a limit: 429 ProblemDetails whose Retry-After says when to try again.
public sealed class RateLimitedException(int retryAfterSeconds, string messageKey, params object?[] args)
    : Exception($"{messageKey} (retry after {retryAfterSeconds} s)")
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
    public string MessageKey { get; } = messageKey;
    public object?[] Args { get; } = args;
}
