using System.ComponentModel.DataAnnotations;

namespace VoiceMirror.Web.Api;

/// VoiceMirror:Upload — limits for avatar photos.
public sealed record UploadOptions
{
    public const string Section = "VoiceMirror:Upload";

    [Range(1, 100, ErrorMessage = "VoiceMirror:Upload:MaxImageMegabytes must be between 1 and 100 (the contract says 5).")]
    public int MaxImageMegabytes { get; set; } = 5;

    public long MaxImageBytes => MaxImageMegabytes * 1024L * 1024L;
}
