using VoiceMirror.Web.Data;
using VoiceMirror.Web.Storage;

namespace VoiceMirror.Web.Components.Shared;

/// What the studio shows of one animation. URLs are relative so they work behind any host name; null until the file exists.
public sealed record AnimationView(
    int Id, int AvatarId, string Text, string Status, string Stage, int Progress, string? ErrorCode, double? DurationSeconds,
    string? VideoUrl, string? AudioUrl, DateTime CreatedAt, DateTime UpdatedAt)
{
    public bool IsCompleted => Status == AnimationStatus.Completed;
    public bool IsFailed => Status == AnimationStatus.Error;
    public bool IsProcessing => Status == AnimationStatus.Processing;

    public static AnimationView From(Animation a, MediaStore media) => new(
        a.Id, a.AvatarId, a.Text, a.Status, a.Stage, a.Progress, a.ErrorCode, a.DurationSeconds,
        a.Status == AnimationStatus.Completed && a.VideoFile is not null ? media.Url(a.VideoFile, "") : null,
        string.IsNullOrEmpty(a.AudioFile) ? null : media.Url(a.AudioFile, ""),
        a.CreatedAt, a.UpdatedAt);
}
