namespace VoiceMirror.Web.Webhooks;

/// The key an owner's deliveries are signed with. Kept readable (not hashed) because the server signs with it;
/// shown only to its owner, and rotating it replaces it at once.
public sealed class WebhookSecret
{
    /// A user id, or "local" in Open mode.
    public required string OwnerId { get; set; }
    public required string Secret { get; set; }
    public DateTime CreatedAt { get; set; }
}
