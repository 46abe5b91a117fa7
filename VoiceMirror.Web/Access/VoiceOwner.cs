namespace VoiceMirror.Web.Access;

/// Who cloned a voice: the voice itself lives at the provider, which knows nothing of this app's users.
public sealed class VoiceOwner
{
    public required string VoiceId { get; set; }
    public required string OwnerId { get; set; }
    public DateTime CreatedAt { get; set; }
}
