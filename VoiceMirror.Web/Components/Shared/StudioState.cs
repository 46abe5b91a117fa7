using Microsoft.EntityFrameworkCore;
using VoiceMirror.Web.Access;
using VoiceMirror.Web.Api;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Hubs;
using VoiceMirror.Web.Storage;

namespace VoiceMirror.Web.Components.Shared;

/// The pages' one way to the data (scoped: one per circuit): avatars and animations as view records, never EF
/// entities, and live updates as a subscription the page disposes. Each call gets its own scope and DbContext,
/// since a circuit lives for minutes and its event handlers may overlap. Only the signed-in user's rows are shown
/// (everything in Open mode, or to an admin).
public sealed class StudioState(IServiceScopeFactory scopes, MediaStore media, AnimationNotifier notifier, CurrentOwner owner)
{
    public async Task<List<AvatarSummary>> AvatarsAsync(CancellationToken ct = default)
    {
        var rows = await scopes.RunAsync<VoiceMirrorDbContext, List<AvatarSummary>>(db => Summaries(db.Avatars.VisibleTo(owner)).ToListAsync(ct));
        return [.. rows.Select(WithUrl)];
    }

    public async Task<AvatarSummary?> AvatarAsync(int id, CancellationToken ct = default)
    {
        var row = await scopes.RunAsync<VoiceMirrorDbContext, AvatarSummary?>(db => Summaries(db.Avatars.VisibleTo(owner).Where(a => a.Id == id)).FirstOrDefaultAsync(ct));
        return row is null ? null : WithUrl(row);
    }

    public Task<bool> AvatarExistsAsync(int id, CancellationToken ct = default) =>
        scopes.RunAsync<VoiceMirrorDbContext, bool>(db => db.Avatars.VisibleTo(owner).AnyAsync(a => a.Id == id, ct));

    /// Newest first.
    public async Task<List<AnimationView>> AnimationsAsync(int avatarId, CancellationToken ct = default)
    {
        var rows = await scopes.RunAsync<VoiceMirrorDbContext, List<Animation>>(db =>
            db.Animations.VisibleTo(owner).AsNoTracking().Where(a => a.AvatarId == avatarId).OrderByDescending(a => a.Id).ToListAsync(ct));
        return [.. rows.Select(a => AnimationView.From(a, media))];
    }

    /// Starts (or reuses) an animation through the same service as POST /avatar/animate.
    public async Task<AnimationView> AnimateAsync(AnimateRequest request)
    {
        var row = await scopes.RunAsync<AnimationService, Animation>(s => s.StartAsync(request, CancellationToken.None));
        return AnimationView.From(row, media);
    }

    /// Every change of every animation, as a view; called on the thread that made the change.
    public IDisposable Subscribe(Action<AnimationView> onUpdate)
    {
        // Decided now, on the circuit: the updates arrive on the render job's thread, which has no user.
        var (all, id) = (owner.SeesAll, owner.Id);
        return notifier.Subscribe(a =>
        {
            if (all || (id is not null && a.OwnerId == id)) onUpdate(AnimationView.From(a, media));
        });
    }

    // The file name becomes a URL after the query: MediaStore is not something EF can translate.
    private static IQueryable<AvatarSummary> Summaries(IQueryable<Avatar> avatars) =>
        avatars.AsNoTracking().OrderByDescending(a => a.Id)
            .Select(a => new AvatarSummary(a.Id, a.Name, a.Description, a.ImageFile, a.Animations.Count, a.CreatedAt));

    private AvatarSummary WithUrl(AvatarSummary row) => row with { ImageUrl = media.Url(row.ImageUrl, "") };
}
