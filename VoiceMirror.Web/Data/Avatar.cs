using VoiceMirror.Web.Access;

namespace VoiceMirror.Web.Data;

/// A face photo users animate. ImageFile is a name inside the uploads folder, never a path.
public sealed class Avatar : IOwned
{
    public int Id { get; set; }

    /// The user it belongs to (AspNetUsers.Id); null when made in Open mode.
    public string? OwnerId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public required string ImageFile { get; set; }

    // The face found at upload, in pixels of the stored (re-encoded, upright) JPEG.
    public int FaceX { get; set; }
    public int FaceY { get; set; }
    public int FaceWidth { get; set; }
    public int FaceHeight { get; set; }

    /// The face mesh found at upload (468 points in pixels of the stored JPEG), as FaceLandmarks JSON; null for
    /// avatars uploaded before the built-in engine, whose mesh is then found at render.
    public string? Landmarks { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<Animation> Animations { get; set; } = [];
}
