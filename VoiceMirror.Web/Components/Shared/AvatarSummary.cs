using Microsoft.EntityFrameworkCore;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Storage;

namespace VoiceMirror.Web.Components.Shared;

/// What a gallery card and the studio header show. ImageUrl is relative so it works behind any host name.
public sealed record AvatarSummary(int Id, string Name, string? Description, string ImageUrl, int AnimationCount, DateTime CreatedAt)
{
    public static async Task<List<AvatarSummary>> ListAsync(VoiceMirrorDbContext db, MediaStore media, CancellationToken ct = default)
    {
        var rows = await db.Avatars.AsNoTracking().OrderByDescending(a => a.Id)
            .Select(a => new { a.Id, a.Name, a.Description, a.ImageFile, Count = a.Animations.Count, a.CreatedAt })
            .ToListAsync(ct);
        return rows.Select(r => new AvatarSummary(r.Id, r.Name, r.Description, media.Url(r.ImageFile, ""), r.Count, r.CreatedAt)).ToList();
    }

    public static async Task<AvatarSummary?> FindAsync(VoiceMirrorDbContext db, MediaStore media, int id, CancellationToken ct = default)
    {
        var r = await db.Avatars.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.Id, a.Name, a.Description, a.ImageFile, Count = a.Animations.Count, a.CreatedAt })
            .FirstOrDefaultAsync(ct);
        return r is null ? null : new AvatarSummary(r.Id, r.Name, r.Description, media.Url(r.ImageFile, ""), r.Count, r.CreatedAt);
    }

    public static Task<List<Animation>> AnimationsAsync(VoiceMirrorDbContext db, int avatarId, CancellationToken ct = default) =>
        db.Animations.AsNoTracking().Where(a => a.AvatarId == avatarId).OrderByDescending(a => a.Id).ToListAsync(ct);
}
