using System.ComponentModel.DataAnnotations;

namespace VoiceMirror.Web.Api;

/// VoiceMirror:Upload — limits for avatar photos.
public sealed record UploadOptions
{
    public const string Section = "VoiceMirror:Upload";

    [Range(1, 100, ErrorMessage = "VoiceMirror:Upload:MaxImageMegabytes must be between 1 and 100 (the contract says 5).")]
    public int MaxImageMegabytes { get; set; } = 5;

    /// Width and height are checked from the header before any pixel is decoded (a decompression bomb is refused).
    [Range(64, 20000, ErrorMessage = "VoiceMirror:Upload:MaxImageDimension must be between 64 and 20000 pixels.")]
    public int MaxImageDimension { get; set; } = 8192;

    public long MaxImageBytes => MaxImageMegabytes * 1024L * 1024L;
}
