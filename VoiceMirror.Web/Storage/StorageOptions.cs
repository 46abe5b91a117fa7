using System.ComponentModel.DataAnnotations;

namespace VoiceMirror.Web.Storage;

/// VoiceMirror:Storage. Relative paths resolve against the working directory.
public sealed record StorageOptions
{
    public const string Section = "VoiceMirror:Storage";

    /// Photos, speech and videos; served at /uploads.
    [Required] public string UploadsPath { get; set; } = "data/uploads";

    /// Scratch space for synthesis and renders (partial files never appear in uploads).
    [Required] public string WorkPath { get; set; } = "data/work";

    /// ASP.NET data-protection keys (Blazor circuits, antiforgery tokens). Kept on disk so that pages stay valid
    /// across restarts and container re-creations; nodes behind one address must share this folder.
    [Required] public string KeysPath { get; set; } = "data/keys";

    /// VoiceMirror:PublicBaseUrl, e.g. https://avatars.example.com; empty = scheme and host of each request.
    public string? PublicBaseUrl { get; set; }
}
