using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Web.Extensions;

public static class DatabaseExtensions
{
    public static void AddVoiceMirrorDatabase(this WebApplicationBuilder builder)
    {
        var providerText = builder.Configuration[DatabaseOptions.Section + ":Provider"];
        var provider = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(providerText) && !Enum.TryParse(providerText, ignoreCase: true, out provider))
            throw new InvalidOperationException(
                $"VoiceMirror:Database:Provider is '{providerText}'; set it to Sqlite (the default, a local file) or SqlServer.");
        var connectionString = builder.Configuration.GetConnectionString("VoiceMirror");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                "ConnectionStrings:VoiceMirror is empty. Set it, e.g. \"Data Source=data/voicemirror.db\" for SQLite " +
                "or a SQL Server connection string together with VoiceMirror:Database:Provider=SqlServer.");
        builder.Services.Configure<DatabaseOptions>(o => o.Provider = provider);

        if (provider == DatabaseProvider.SqlServer)
            builder.Services.AddDbContext<VoiceMirrorDbContext, SqlServerVoiceMirrorDbContext>(o => o.UseSqlServer(connectionString));
        else
        {
            var sqlite = SqliteConnectionString(connectionString);
            builder.Services.AddDbContext<VoiceMirrorDbContext, SqliteVoiceMirrorDbContext>(o => o.UseSqlite(sqlite));
        }
    }

    /// Applies pending migrations of the configured provider before the app takes requests.
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceMirrorDbContext>();
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;"); // readers never wait for the job's progress writes
    }

    // Relative file names resolve against the working directory, like the other data paths; the folder is created.
    internal static string SqliteConnectionString(string connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.DataSource is not ("" or ":memory:") && !csb.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            csb.DataSource = Path.GetFullPath(csb.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(csb.DataSource)!);
        }
        csb.DefaultTimeout = Math.Max(csb.DefaultTimeout, 30);
        return csb.ToString();
    }
}
