using System.ComponentModel.DataAnnotations;

namespace VoiceMirror.Web.Api;

/// VoiceMirror:Animation
public sealed record AnimationOptions
{
    public const string Section = "VoiceMirror:Animation";

    [Range(1, 10000, ErrorMessage = "VoiceMirror:Animation:MaxTextLength must be between 1 and 10000 characters.")]
    public int MaxTextLength { get; set; } = 1000;
}
