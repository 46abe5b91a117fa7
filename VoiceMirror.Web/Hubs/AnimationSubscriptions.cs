using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using VoiceMirror.Web.Api;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Storage;

namespace VoiceMirror.Web.Hubs;

/// Relays <see cref="AnimationNotifier.Updated"/> to the hub connections that asked for it. Not SignalR groups:
/// each connection gets URLs built for the host it connected to. One reader keeps updates in order.
public sealed class AnimationSubscriptions(
    AnimationNotifier notifier, IHubContext<AnimationHub> hub, MediaStore media, ILogger<AnimationSubscriptions> logger) : BackgroundService
{
    private sealed record Subscriber(string BaseUrl, CultureInfo Culture)
    {
        public readonly ConcurrentDictionary<int, bool> Animations = new();
        public readonly ConcurrentDictionary<int, bool> Avatars = new();
    }

    private readonly ConcurrentDictionary<string, Subscriber> _connections = new();
    private readonly Channel<Animation> _updates = Channel.CreateUnbounded<Animation>(new() { SingleReader = true });

    public void Connect(string connectionId, string baseUrl, CultureInfo culture) => _connections[connectionId] = new Subscriber(baseUrl, culture);

    public void Disconnect(string connectionId) => _connections.TryRemove(connectionId, out _);

    public string BaseUrl(string connectionId) => _connections.TryGetValue(connectionId, out var s) ? s.BaseUrl : "";

    public CultureInfo? Culture(string connectionId) => _connections.TryGetValue(connectionId, out var s) ? s.Culture : null;

    public void Animation(string connectionId, int id, bool subscribe) => Toggle(connectionId, s => s.Animations, id, subscribe);

    public void Avatar(string connectionId, int id, bool subscribe) => Toggle(connectionId, s => s.Avatars, id, subscribe);

    private void Toggle(string connectionId, Func<Subscriber, ConcurrentDictionary<int, bool>> set, int id, bool subscribe)
    {
        if (!_connections.TryGetValue(connectionId, out var subscriber)) return;
        if (subscribe) set(subscriber)[id] = true;
        else set(subscriber).TryRemove(id, out _);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = notifier.Subscribe(a => _updates.Writer.TryWrite(a));
        await foreach (var animation in _updates.Reader.ReadAllAsync(stoppingToken))
        {
            foreach (var (connectionId, subscriber) in _connections)
            {
                if (!subscriber.Animations.ContainsKey(animation.Id) && !subscriber.Avatars.ContainsKey(animation.AvatarId)) continue;
                try
                {
                    // Error texts in the language the client connected with, passed explicitly: this thread has no request.
                    var dto = AnimationDto.From(animation, media, subscriber.BaseUrl, subscriber.Culture);
                    await hub.Clients.Client(connectionId).SendAsync(AnimationHub.UpdatedEvent, dto, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not push animation {AnimationId} to {ConnectionId}", animation.Id, connectionId);
                }
            }
        }
    }
}
