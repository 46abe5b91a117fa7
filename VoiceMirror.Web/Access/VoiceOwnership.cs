using Microsoft.EntityFrameworkCore;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Web.Access;

/// Cloned voices live at the provider, which lists every voice of the server's account to everyone: this keeps
/// each user's clones to that user (and admins). Built-in and provider-made voices are everyone's.
public sealed class VoiceOwnership(VoiceMirrorDbContext db, CurrentOwner owner)
{
    /// A cloned voice with no owner record (made outside this app) is listed to admins only.
    public async Task<IReadOnlyList<VoiceInfo>> VisibleAsync(IReadOnlyList<VoiceInfo> voices, CancellationToken ct)
    {
        if (owner.SeesAll) return voices;
        var mine = (await db.VoiceOwners.AsNoTracking().Where(v => v.OwnerId == owner.Id).Select(v => v.VoiceId).ToListAsync(ct)).ToHashSet();
        return [.. voices.Where(v => !v.IsCloned || mine.Contains(v.Id))];
    }

    /// False for another user's clone: the caller gets the same answer as for a voice that does not exist.
    public async Task<bool> MayUseAsync(string? voiceId, CancellationToken ct)
    {
        if (owner.SeesAll || string.IsNullOrWhiteSpace(voiceId)) return true;
        var id = voiceId.Trim();
        var record = await db.VoiceOwners.AsNoTracking().FirstOrDefaultAsync(v => v.VoiceId == id, ct);
        return record is null || record.OwnerId == owner.Id;
    }

    public async Task RecordAsync(string voiceId, CancellationToken ct)
    {
        if (owner.Id is not { } ownerId) return; // Open mode: clones are everyone's, as before
        db.VoiceOwners.Add(new VoiceOwner { VoiceId = voiceId, OwnerId = ownerId, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync(ct);
    }
}
