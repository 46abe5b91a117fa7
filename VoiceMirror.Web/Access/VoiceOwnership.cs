using Microsoft.EntityFrameworkCore;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Errors;
using VoiceMirror.Web.Voices;

namespace VoiceMirror.Web.Access;

/// Cloned voices live at the provider, which lists every voice of the server's account to everyone: this keeps
/// each user's clones to that user (and admins). Built-in and provider-made voices are everyone's.
public sealed class VoiceOwnership(VoiceMirrorDbContext db, CurrentOwner owner, VoiceCatalog catalog, VoiceLibrary library)
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

    /// Deletes a clone at its provider if this caller may: another user's clone (or, for a non-admin, one nobody owns)
    /// answers 404 like an unknown id; a stock voice still gets the library's 409.
    public async Task DeleteAsync(string voiceId, CancellationToken ct)
    {
        if (!await MayDeleteAsync(voiceId, ct)) throw ApiProblemException.NotFound("UnknownVoiceId", voiceId);
        await library.DeleteAsync(voiceId, ct);
        await db.VoiceOwners.Where(v => v.VoiceId == voiceId).ExecuteDeleteAsync(ct);
    }

    private async Task<bool> MayDeleteAsync(string voiceId, CancellationToken ct)
    {
        if (owner.SeesAll) return true;
        var record = await db.VoiceOwners.AsNoTracking().FirstOrDefaultAsync(v => v.VoiceId == voiceId, ct);
        if (record is not null) return record.OwnerId == owner.Id;
        var voice = (await catalog.ListAsync(ct)).FirstOrDefault(v => v.Id == voiceId);
        return voice is not { IsCloned: true };
    }

    public async Task RecordAsync(string voiceId, CancellationToken ct)
    {
        if (owner.Id is not { } ownerId) return; // Open mode: clones are everyone's, as before
        db.VoiceOwners.Add(new VoiceOwner { VoiceId = voiceId, OwnerId = ownerId, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync(ct);
    }
}
