using Hangfire;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using VoiceMirror.Web.Access;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Hubs;
using VoiceMirror.Web.Jobs;

namespace VoiceMirror.Web.Extensions;

public static class JobExtensions
{
    /// Job storage for every role; the Hangfire server when this process renders (a worker always does).
    public static void AddVoiceMirrorJobs(this WebApplicationBuilder builder, AppRole role)
    {
        builder.AddValidatedOptions<JobOptions>(JobOptions.Section);
        if (role == AppRole.Web) // the dashboard's credentials; a worker has no dashboard
            builder.AddValidatedOptions<AdminOptions>(AdminOptions.Section)
                .Validate(o => string.IsNullOrEmpty(o.User) == string.IsNullOrEmpty(o.Password),
                    "VoiceMirror:Admin needs both User and Password (or neither: the dashboard is then open to this machine only).");
        var jobs = builder.Configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        var sqlServer = builder.Configuration[DatabaseOptions.Section + ":Provider"]?.Equals("SqlServer", StringComparison.OrdinalIgnoreCase) == true;
        var connectionString = builder.Configuration.GetConnectionString("VoiceMirror");

        builder.Services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (sqlServer)
                config.UseSqlServerStorage(connectionString, SqlServerOptions());
            else
                config.UseSQLiteStorage(SqlitePath(jobs.SqlitePath), SqliteOptions(jobs));
        });
        builder.Services.AddScoped<AnimateAvatarJob>();
        builder.Services.AddSingleton<AnimationNotifier>(); // the job's progress goes through it to the row (and the hub on a web node)
        builder.Services.AddScoped<RenderQueue>();
        if (!jobs.RunServer) return;
        if (!sqlServer) builder.Services.AddHostedService<InterruptedJobs>(); // before the server, so it runs first

        var host = Environment.MachineName.ToLowerInvariant();
        builder.Services.AddHangfireServer(o =>
        {
            o.ServerName = $"{host}:gpu";
            o.Queues = ["gpu"];
            o.WorkerCount = jobs.GpuWorkers;
            // Scheduled jobs are only delayed retries: no need to look for them as often as for queued renders.
            o.SchedulePollingInterval = TimeSpan.FromSeconds(Math.Max(0.2, jobs.QueuePollIntervalSeconds));
        });
        builder.Services.AddHangfireServer(o =>
        {
            o.ServerName = $"{host}:default";
            o.Queues = ["default"];
            o.WorkerCount = jobs.DefaultWorkers;
        });
    }

    /// <summary>
    /// Embedded storage: it has no wake-up of its own, so idle workers ask every QueuePollIntervalSeconds (50 ms by
    /// default: a render queued on an idle worker starts within that), each a single indexed read of a local file.
    /// </summary>
    internal static SQLiteStorageOptions SqliteOptions(JobOptions jobs) => new()
    {
        // A job fetched by a process that was killed becomes visible again after this long.
        InvisibilityTimeout = TimeSpan.FromSeconds(jobs.InvisibilityTimeoutSeconds),
        QueuePollInterval = TimeSpan.FromSeconds(jobs.QueuePollIntervalSeconds),
    };

    /// <summary>
    /// SQL Server storage with a zero poll interval: Hangfire then signals the workers of the enqueueing process at once
    /// (its in-process new-item events) and polls sub-second for jobs other processes enqueued, with sliding
    /// invisibility (a running render keeps its job, however long it takes).
    /// </summary>
    internal static SqlServerStorageOptions SqlServerOptions() => new()
    {
        PrepareSchemaIfNecessary = true,
        QueuePollInterval = TimeSpan.Zero,
    };

    public static void MapVoiceMirrorDashboard(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Enforced)
        {
            // Accounts mode: the admin's sign-in replaces VoiceMirror:Admin's basic auth; others are sent to /login.
            if (app.Services.GetRequiredService<IOptions<AdminOptions>>().Value.Configured)
                app.Logger.LogWarning("VoiceMirror:Admin:User/Password are ignored in Accounts mode: /hangfire is for signed-in admins.");
            app.MapHangfireDashboardWithAuthorizationPolicy(AccessExtensions.AdminPolicy, "/hangfire",
                new DashboardOptions { Authorization = [], DashboardTitle = "VoiceMirror jobs", AppPath = "/" });
            return;
        }
        var admin = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new DashboardAuthorization(admin)],
            DashboardTitle = "VoiceMirror jobs",
            AppPath = "/",
        });
    }

    private static string SqlitePath(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }
}
