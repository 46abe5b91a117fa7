using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using VoiceMirror.Engine;
using VoiceMirror.Web.Health;

namespace VoiceMirror.Web.Extensions;

public static class HealthExtensions
{
    public static void AddVoiceMirrorHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<JobStorageHealthCheck>("jobs")
            .Add(new HealthCheckRegistration("ffmpeg", sp => new ToolHealthCheck(
                FfmpegPath(sp.GetRequiredService<IOptions<EngineOptions>>().Value), "Install FFmpeg (apt-get install ffmpeg)."), null, null))
            .Add(new HealthCheckRegistration("espeak-ng", sp => new ToolHealthCheck(
                sp.GetRequiredService<IOptions<EngineOptions>>().Value.EspeakPath, "Install espeak-ng (apt-get install espeak-ng)."), null, null))
            .AddCheck<ModelHealthCheck>("models");
    }

    /// 200 for Healthy and Degraded (e.g. a model is missing), 503 for Unhealthy.
    public static void MapVoiceMirrorHealth(this WebApplication app) =>
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });

    private static string FfmpegPath(EngineOptions o) =>
        string.IsNullOrWhiteSpace(o.FfmpegDirectory) ? "ffmpeg" : Path.Combine(o.FfmpegDirectory, "ffmpeg");
}
