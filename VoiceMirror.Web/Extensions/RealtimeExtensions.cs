using VoiceMirror.Web.Api;
using VoiceMirror.Web.Hubs;

namespace VoiceMirror.Web.Extensions;

public static class RealtimeExtensions
{
    public static void AddVoiceMirrorRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR()
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new UtcDateTimeConverter()));
        builder.Services.AddSingleton<AnimationSubscriptions>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AnimationSubscriptions>());
        builder.Services.AddHostedService<ProgressRelay>(); // renders on worker nodes reach the hub and UI through it
    }

    public static void MapVoiceMirrorHubs(this WebApplication app) => app.MapHub<AnimationHub>(AnimationHub.Path);
}
