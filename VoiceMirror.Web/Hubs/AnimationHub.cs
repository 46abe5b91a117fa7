using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using VoiceMirror.Web.Api;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Storage;

namespace VoiceMirror.Web.Hubs;

/// /hubs/animations. Clients subscribe to an animation or to all animations of an avatar and receive
/// "animationUpdated" with the status shape of GET /avatar/animations/{id}/status.
public sealed class AnimationHub(AnimationSubscriptions subscriptions, VoiceMirrorDbContext db, MediaStore media) : Hub
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
        subscriptions.Animation(Context.ConnectionId, id, subscribe: true);
        var row = await db.Animations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id);
        return row is null ? null : AnimationDto.From(row, media, subscriptions.BaseUrl(Context.ConnectionId), subscriptions.Culture(Context.ConnectionId));
    }

    public void UnsubscribeAnimation(int id) => subscriptions.Animation(Context.ConnectionId, id, subscribe: false);

    public void SubscribeAvatar(int avatarId) => subscriptions.Avatar(Context.ConnectionId, avatarId, subscribe: true);

    public void UnsubscribeAvatar(int avatarId) => subscriptions.Avatar(Context.ConnectionId, avatarId, subscribe: false);
}
