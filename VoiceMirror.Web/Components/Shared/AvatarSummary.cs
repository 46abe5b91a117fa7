namespace VoiceMirror.Web.Components.Shared;

/// What a gallery card and the studio header show. ImageUrl is relative so it works behind any host name.
public sealed record AvatarSummary(int Id, string Name, string? Description, string ImageUrl, int AnimationCount, DateTime CreatedAt);
