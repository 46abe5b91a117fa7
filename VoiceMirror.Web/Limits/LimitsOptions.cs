using Microsoft.Extensions.Options;

namespace VoiceMirror.Web.Limits;

/// VoiceMirror:Limits — requests per owner (user or API key's user) and renders in flight per owner.
/// A class, not a record: records may not have a member named Clone.
public sealed class LimitsOptions
{
    public const string Section = "VoiceMirror:Limits";

    /// POST /avatar/animate. Each request synthesises speech at once and may queue a render.
    public WindowLimit Animate { get; set; } = new() { PermitLimit = 20, WindowSeconds = 60 };

    /// POST /avatar/upload: face detection on every photo.
    public WindowLimit Upload { get; set; } = new() { PermitLimit = 20, WindowSeconds = 60 };

    /// POST /voices/clone: calls a paid cloud provider.
    public WindowLimit Clone { get; set; } = new() { PermitLimit = 5, WindowSeconds = 3600 };

    /// Animations of one owner queued or rendering at the same time; 0 = no cap.
    public int MaxConcurrentRenders { get; set; } = 3;

    /// Retry-After when the render cap refuses: a render takes tens of seconds, the end of one cannot be predicted.
    public int RenderRetryAfterSeconds { get; set; } = 30;
}

/// At most PermitLimit requests per WindowSeconds (a fixed window); PermitLimit 0 turns the limit off.
public sealed record WindowLimit
{
    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; } = 60;

    public bool Enabled => PermitLimit > 0;
}

/// Explicit checks (data annotations do not reach nested records) whose messages name the setting and its range.
public sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions o)
    {
        var errors = new List<string>();
        Check(errors, "Animate", o.Animate);
        Check(errors, "Upload", o.Upload);
        Check(errors, "Clone", o.Clone);
        if (o.MaxConcurrentRenders is < 0 or > 1000)
            errors.Add($"{LimitsOptions.Section}:MaxConcurrentRenders is {o.MaxConcurrentRenders}; set 0 (no cap) or 1–1000 renders per owner.");
        if (o.RenderRetryAfterSeconds is < 1 or > 3600)
            errors.Add($"{LimitsOptions.Section}:RenderRetryAfterSeconds is {o.RenderRetryAfterSeconds}; set 1–3600 seconds.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string name, WindowLimit? limit)
    {
        var path = $"{LimitsOptions.Section}:{name}";
        if (limit is null)
        {
            errors.Add($"{path} is empty; give it PermitLimit (0 = off) and WindowSeconds.");
            return;
        }
        if (limit.PermitLimit is < 0 or > 100_000)
            errors.Add($"{path}:PermitLimit is {limit.PermitLimit}; set 0 (no limit) or 1–100000 requests per window.");
        if (limit.WindowSeconds is < 1 or > 86_400)
            errors.Add($"{path}:WindowSeconds is {limit.WindowSeconds}; set 1–86400 seconds (one day at most).");
    }
}
