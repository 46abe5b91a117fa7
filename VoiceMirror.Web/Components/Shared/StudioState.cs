using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Web.Access;
using VoiceMirror.Web.Api;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Hubs;
using VoiceMirror.Web.Limits;
using VoiceMirror.Web.Storage;

namespace VoiceMirror.Web.Components.Shared;

/// The pages' one way to the data (scoped: one per circuit): avatars and animations as view records, never EF
/// entities, and live updates as a subscription the page disposes. Each call gets its own scope and DbContext,
/// since a circuit lives for minutes and its event handlers may overlap. Each scope acts for the circuit's user:
/// their own rows only (everything in Open mode, or for an admin).
public sealed class StudioState(IServiceScopeFactory scopes, MediaStore media, AnimationNotifier notifier, AuthenticationStateProvider users,
    IOptions<AuthOptions> auth)
{
    public async Task<List<AvatarSummary>> AvatarsAsync(CancellationToken ct = default)
    {
        var rows = await RunAsync((sp, owner) => Summaries(sp.GetRequiredService<VoiceMirrorDbContext>().Avatars.VisibleTo(owner)).ToListAsync(ct));
        return [.. rows.Select(WithUrl)];
    }

    public async Task<AvatarSummary?> AvatarAsync(int id, CancellationToken ct = default)
    {
        var row = await RunAsync((sp, owner) =>
            Summaries(sp.GetRequiredService<VoiceMirrorDbContext>().Avatars.VisibleTo(owner).Where(a => a.Id == id)).FirstOrDefaultAsync(ct));
        return row is null ? null : WithUrl(row);
    }

    public Task<bool> AvatarExistsAsync(int id, CancellationToken ct = default) =>
        RunAsync((sp, owner) => sp.GetRequiredService<VoiceMirrorDbContext>().Avatars.VisibleTo(owner).AnyAsync(a => a.Id == id, ct));

    /// Newest first.
    public async Task<List<AnimationView>> AnimationsAsync(int avatarId, CancellationToken ct = default)
    {
        var rows = await RunAsync((sp, owner) => sp.GetRequiredService<VoiceMirrorDbContext>().Animations.VisibleTo(owner).AsNoTracking()
            .Where(a => a.AvatarId == avatarId).OrderByDescending(a => a.Id).ToListAsync(ct));
        return [.. rows.Select(a => AnimationView.From(a, media))];
    }

    /// Starts (or reuses) an animation through the same service as POST /avatar/animate, spending the same window of
    /// the user's animate limit (a refusal throws RateLimitedException before any speech is made).
    public async Task<AnimationView> AnimateAsync(AnimateRequest request)
    {
        var row = await RunAsync((sp, owner) =>
        {
            sp.GetRequiredService<OwnerRateLimits>().Take(LimitsExtensions.Animate, owner.User);
            return sp.GetRequiredService<AnimationService>().StartAsync(request, CancellationToken.None);
        });
        return AnimationView.From(row, media);
    }

    /// The voices this user may speak with: other users' clones are left out, as in GET /voices.
    public Task<IReadOnlyList<VoiceInfo>> VisibleVoicesAsync(IReadOnlyList<VoiceInfo> voices, CancellationToken ct) =>
        RunAsync((sp, _) => sp.GetRequiredService<VoiceOwnership>().VisibleAsync(voices, ct));

    /// Deletes a cloned voice of this user's (another user's answers as unknown), as DELETE /voices/{id} does.
    public Task DeleteVoiceAsync(string voiceId) =>
        RunAsync(async (sp, _) => { await sp.GetRequiredService<VoiceOwnership>().DeleteAsync(voiceId, CancellationToken.None); return true; });

    /// Every change of an animation this user may see, as a view; called on the thread that made the change.
    public IDisposable Subscribe(Action<AnimationView> onUpdate) => notifier.Subscribe(a =>
    {
        // The render job's thread has no user: the circuit's is read here (the server provider's task is already done).
        var state = users.GetAuthenticationStateAsync();
        if (!state.IsCompletedSuccessfully) return;
        if (CurrentOwner.Owns(state.Result.User, auth.Value.Enforced, a.OwnerId)) onUpdate(AnimationView.From(a, media));
    });

    private async Task<T> RunAsync<T>(Func<IServiceProvider, CurrentOwner, Task<T>> work)
    {
        var user = (await users.GetAuthenticationStateAsync()).User;
        await using var scope = scopes.CreateAsyncScope();
        var owner = scope.ServiceProvider.GetRequiredService<CurrentOwner>();
        owner.Use(user);
        return await work(scope.ServiceProvider, owner);
    }

    // The file name becomes a URL after the query: MediaStore is not something EF can translate.
    private static IQueryable<AvatarSummary> Summaries(IQueryable<Avatar> avatars) =>
        avatars.AsNoTracking().OrderByDescending(a => a.Id)
            .Select(a => new AvatarSummary(a.Id, a.Name, a.Description, a.ImageFile, a.Animations.Count, a.CreatedAt));

    private AvatarSummary WithUrl(AvatarSummary row) => row with { ImageUrl = media.Url(row.ImageUrl, "") };
}
