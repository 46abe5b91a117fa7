using Microsoft.Extensions.Options;

namespace VoiceMirror.Web.Webhooks;

/// VoiceMirror:Webhooks
public sealed record WebhookOptions
{
    public const string Section = "VoiceMirror:Webhooks";
    internal static readonly int[] DefaultRetryDelays = [10, 60, 300, 1800, 7200];

    /// Host names (or IP literals) an admin trusts as callback targets even though they are, or resolve to,
    /// loopback or private addresses — an intranet service, say. Matched exactly, case-insensitively.
    public string[] AllowedHosts { get; set; } = [];

    /// Lets callbacks to AllowedHosts use plain http (a service on the same machine or network without TLS).
    /// Every other target must be https.
    public bool AllowInsecureForAllowedHosts { get; set; }

    /// Per attempt: connect, send and the receiver's answer together.
    public int TimeoutSeconds { get; set; } = 10;

    /// Delays before the second, third… attempt; their count is the number of retries. Null = 10 s, 1 min, 5 min, 30 min, 2 h.
    public int[]? RetryDelaysSeconds { get; set; }

    public int[] RetryDelays => RetryDelaysSeconds ?? DefaultRetryDelays;

    public bool IsAllowedHost(string host)
    {
        host = host.Trim('[', ']');
        return AllowedHosts.Any(h => string.Equals(h.Trim().Trim('[', ']'), host, StringComparison.OrdinalIgnoreCase));
    }
}

public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions o)
    {
        var errors = new List<string>();
        if (o.TimeoutSeconds is < 1 or > 60)
            errors.Add($"{WebhookOptions.Section}:TimeoutSeconds is {o.TimeoutSeconds}; set 1–60 seconds (receivers should answer at once and work later).");
        if (o.RetryDelays.Length > 20 || o.RetryDelays.Any(d => d is < 1 or > 86_400))
            errors.Add($"{WebhookOptions.Section}:RetryDelaysSeconds is [{string.Join(", ", o.RetryDelays)}]; give at most 20 delays of 1–86400 seconds each.");
        if (o.AllowedHosts.Any(h => string.IsNullOrWhiteSpace(h) || h.Contains('/') || h.Contains('*')))
            errors.Add($"{WebhookOptions.Section}:AllowedHosts holds an entry that is not a bare host name or IP (no scheme, path or wildcard): " +
                string.Join(", ", o.AllowedHosts.Select(h => $"'{h}'")) + ".");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
