namespace VoiceMirror.Web.Webhooks;

/// One attempt to POST an animation's final status to its callbackUrl.
public sealed class WebhookDelivery
{
    public int Id { get; set; }
    public int AnimationId { get; set; }
    /// The owner whose secret signed it and who sees it (a user id, or "local" in Open mode).
    public required string OwnerId { get; set; }
    public required string Url { get; set; }
    /// The animation's status it reported: completed | error.
    public required string Event { get; set; }
    /// 1 for the first try, then 2, 3… for the retries.
    public int Attempt { get; set; }
    /// The receiver's HTTP status; null when no answer came (refused, unreachable, timed out).
    public int? StatusCode { get; set; }
    public bool Succeeded { get; set; }
    /// Why it failed, in English, for the owner's list and the logs.
    public string? Error { get; set; }
    public DateTime AttemptedAt { get; set; }
    public int DurationMs { get; set; }
    /// When the next attempt is due; null after success, a refusal, or the last retry.
    public DateTime? NextAttemptAt { get; set; }
}
