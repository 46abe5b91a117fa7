using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using VoiceMirror.Web.Access;
using VoiceMirror.Web.Api;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Storage;

namespace VoiceMirror.Web.Hubs;

/// /hubs/animations. Clients subscribe to an animation or to all animations of an avatar and receive
/// "animationUpdated" with the status shape of GET /avatar/animations/{id}/status. In Accounts mode the connection
/// needs a sign-in or an API key (also as access_token), and another user's ids are treated as unknown.
public sealed class AnimationHub(AnimationSubscriptions subscriptions, VoiceMirrorDbContext db, MediaStore media, CurrentOwner owner) : Hub
{
    public const string Path = "/hubs/animations";
    public const string UpdatedEvent = "animationUpdated";

    public override Task OnConnectedAsync()
    {
        // URLs in pushed updates use the host this client connected to (or VoiceMirror:PublicBaseUrl).
        var http = Context.GetHttpContext();
        var culture = http?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? CultureInfo.CurrentUICulture;
        subscriptions.Connect(Context.ConnectionId, http is null ? "" : media.BaseUrl(http.Request), culture);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        subscriptions.Disconnect(Context.ConnectionId);
        return Task.CompletedTask;
    }

    /// Returns the current status (null for an unknown id) so a late subscriber misses nothing.
    public async Task<AnimationDto?> SubscribeAnimation(int id)
    {
        // Another user's animation is as unknown as a missing one; subscribing before reading misses no update.
        if (Owner.Enforced && !await db.Animations.VisibleTo(Owner).AnyAsync(a => a.Id == id)) return null;
        subscriptions.Animation(Context.ConnectionId, id, subscribe: true);
        var row = await db.Animations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id);
        return row is null ? null : AnimationDto.From(row, media, subscriptions.BaseUrl(Context.ConnectionId), subscriptions.Culture(Context.ConnectionId));
    }

    public void UnsubscribeAnimation(int id) => subscriptions.Animation(Context.ConnectionId, id, subscribe: false);

    public async Task SubscribeAvatar(int avatarId)
    {
        if (!Owner.Enforced || await db.Avatars.VisibleTo(Owner).AnyAsync(a => a.Id == avatarId))
            subscriptions.Avatar(Context.ConnectionId, avatarId, subscribe: true);
    }

    // Hub calls run outside the connection's request: the caller comes from the connection itself.
    private CurrentOwner Owner
    {
        get
        {
            if (Context.User is { } user) owner.Use(user);
            return owner;
        }
    }

    public void UnsubscribeAvatar(int avatarId) => subscriptions.Avatar(Context.ConnectionId, avatarId, subscribe: false);
}
