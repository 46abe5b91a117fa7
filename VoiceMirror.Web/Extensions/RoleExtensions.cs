using VoiceMirror.Web.Jobs;

namespace VoiceMirror.Web.Extensions;

/// What one process of the app does. Every role shares the database, the job storage and the media folder.
public enum AppRole
{
    /// UI, /avatar API, SignalR hub, Swagger and the /hangfire dashboard; renders too unless VoiceMirror:Jobs:RunServer is false.
    Web,

    /// Renders only: a Hangfire server on the "gpu" and "default" queues, plus /health for orchestrators.
    Worker,
}

public static class RoleExtensions
{
    public const string Key = "VoiceMirror:Role";

    /// Reads VoiceMirror:Role (default Web) and refuses values that cannot work, saying what to change.
    public static AppRole GetVoiceMirrorRole(this WebApplicationBuilder builder)
    {
        var text = builder.Configuration[Key];
        if (string.IsNullOrWhiteSpace(text)) return AppRole.Web;
        // Names only: Enum.TryParse would also take "1".
        var name = Enum.GetNames<AppRole>().FirstOrDefault(n => n.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(
                $"{Key} is '{text}'; set it to Web (UI, API and jobs, the default) or Worker (renders jobs only; no UI or API).");
        var role = Enum.Parse<AppRole>(name);
        if (role == AppRole.Worker && builder.Configuration.GetValue(JobOptions.Section + ":" + nameof(JobOptions.RunServer), true) == false)
            throw new InvalidOperationException(
                $"{Key} is Worker but {JobOptions.Section}:RunServer is false, so this process would do nothing. " +
                "Remove RunServer=false for the worker (only a web node turns its job server off).");
        return role;
    }
}
