using VoiceMirror.Engine.Vision.FaceMesh;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceMirror.Engine.Vision;
using VoiceMirror.Web.Access;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Errors;
using VoiceMirror.Web.Storage;

namespace VoiceMirror.Web.Api;

/// Creating, editing and deleting avatars. Every check runs before anything is written.
public sealed class AvatarService(
    VoiceMirrorDbContext db, MediaStore media, PhotoAdmission photos, IOptions<UploadOptions> uploads, CurrentOwner owner,
    ILogger<AvatarService> logger)
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 1000;

    /// Creates an avatar from a photo of <paramref name="length"/> bytes (declared before reading, so an oversized one is
    /// refused without being read). <paramref name="uploadName"/> is for the log only: the type comes from the bytes.
    public async Task<Avatar> CreateAsync(Stream? image, long length, string? uploadName, string? name, string? description, CancellationToken ct)
    {
        if (image is null || length == 0) throw ApiProblemException.BadRequest("ImageRequired");
        if (length > uploads.Value.MaxImageBytes)
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "ImageTooLarge", uploads.Value.MaxImageMegabytes);
        var cleanName = CleanName(name) ?? throw ApiProblemException.BadRequest("NameRequired");
        var cleanDescription = CleanDescription(description);

        var bytes = new byte[length];
        await image.ReadExactlyAsync(bytes, ct);
        using var photo = await photos.AdmitAsync(new MemoryStream(bytes, writable: false), ct);
        var (width, height) = (photo.Image.Width, photo.Image.Height);

        var fileName = await media.SaveAsync("avatar", ".jpg", photo.ToJpeg(), ct);
        var now = DateTime.UtcNow;
        var avatar = new Avatar
        {
            OwnerId = owner.Id, Name = cleanName, Description = cleanDescription, ImageFile = fileName,
            FaceX = photo.Face.X, FaceY = photo.Face.Y, FaceWidth = photo.Face.Width, FaceHeight = photo.Face.Height,
            Landmarks = photo.Landmarks?.ToJson(),
            CreatedAt = now, UpdatedAt = now,
        };
        try
        {
            db.Avatars.Add(avatar);
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            media.Delete(fileName);
            throw;
        }
        logger.LogInformation("Avatar {AvatarId} created from {FileName}, a {Width}x{Height} photo", avatar.Id, uploadName, width, height);
        return avatar;
    }

    public async Task<Avatar> UpdateAsync(int id, UpdateAvatarRequest request, CancellationToken ct)
    {
        var avatar = await db.Avatars.VisibleTo(owner).FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw ApiProblemException.NotFound("AvatarNotFound", id);
        if (request.Name is not null)
            avatar.Name = CleanName(request.Name) ?? throw ApiProblemException.BadRequest("NameRequired");
        if (request.Description is not null)
            avatar.Description = CleanDescription(request.Description);
        avatar.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
        return avatar;
    }

    /// Deletes the avatar, its animations (cascade) and every file they own.
    public async Task DeleteAsync(int id, CancellationToken ct)
    {
        var avatar = await db.Avatars.VisibleTo(owner).Include(a => a.Animations).FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw ApiProblemException.NotFound("AvatarNotFound", id);
        var files = avatar.Animations.SelectMany(a => new[] { a.AudioFile, a.SpeechFile, a.VideoFile }).Append(avatar.ImageFile).ToList();
        db.Avatars.Remove(avatar);
        await db.SaveChangesAsync(ct);
        foreach (var file in files) media.Delete(file);
        logger.LogInformation("Avatar {AvatarId} deleted with {Count} animations", id, avatar.Animations.Count);
    }

    private static string? CleanName(string? name)
    {
        var clean = name?.Trim();
        if (string.IsNullOrEmpty(clean)) return null;
        return clean.Length <= MaxNameLength ? clean : throw ApiProblemException.BadRequest("NameTooLong", MaxNameLength);
    }

    private static string? CleanDescription(string? description)
    {
        var clean = description?.Trim();
        if (string.IsNullOrEmpty(clean)) return null;
        return clean.Length <= MaxDescriptionLength ? clean : throw ApiProblemException.BadRequest("DescriptionTooLong", MaxDescriptionLength);
    }
}
