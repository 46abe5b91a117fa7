using VoiceMirror.Web.Api;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Hubs;
using VoiceMirror.Web.Jobs;

namespace VoiceMirror.Web.Extensions;

public static class RealtimeExtensions
{
    public static void AddVoiceMirrorRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR()
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new UtcDateTimeConverter()));
        builder.Services.AddSingleton<AnimationSubscriptions>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AnimationSubscriptions>());
        // Renders in other processes (worker nodes) reach the hub and UI through the relay's reading of the shared rows.
        // A node that renders everything itself (one process on SQLite) publishes its own progress and needs no poll.
        var jobs = builder.Configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        var sharedDatabase = builder.Configuration[DatabaseOptions.Section + ":Provider"]?.Equals("SqlServer", StringComparison.OrdinalIgnoreCase) == true;
        if (!jobs.RunServer || sharedDatabase) builder.Services.AddHostedService<ProgressRelay>();
    }

    public static void MapVoiceMirrorHubs(this WebApplication app) =>
        app.MapHub<AnimationHub>(AnimationHub.Path).RequireAuthorization(AccessExtensions.UserPolicy);
}
