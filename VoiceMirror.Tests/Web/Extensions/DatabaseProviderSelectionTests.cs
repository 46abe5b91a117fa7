using Hangfire;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VoiceMirror.Tests.Web.Data;
using VoiceMirror.Web.Data;
using VoiceMirror.Web.Extensions;

namespace VoiceMirror.Tests.Web.Extensions;

/// VoiceMirror:Database:Provider picks the EF Core context (and so its migrations) and the Hangfire storage.
/// Resolving them opens no connection, so SQL Server needs no server here.
[Collection(WebCollection.Name)] // resolving JobStorage sets Hangfire's process-wide JobStorage.Current
public sealed class DatabaseProviderSelectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("voicemirror-provider-").FullName;

    private ServiceProvider Build(string provider, string connectionString)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["VoiceMirror:Database:Provider"] = provider,
            ["ConnectionStrings:VoiceMirror"] = connectionString,
            ["VoiceMirror:Jobs:SqlitePath"] = Path.Combine(_dir, "hangfire.db"),
        });
        builder.AddVoiceMirrorDatabase();
        builder.AddVoiceMirrorJobs(AppRole.Web);
        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public void SqlServerProviderSelectsTheSqlServerContextAndHangfireSqlServerStorage()
    {
        using var services = Build("SqlServer", SqlServerMigrationScriptTests.UnreachableServer);
        using var scope = services.CreateScope();

        var db = scope.ServiceProvider.GetRequiredService<VoiceMirrorDbContext>();
        Assert.IsType<SqlServerVoiceMirrorDbContext>(db);
        Assert.True(db.Database.IsSqlServer());
        Assert.Contains("20261125104928_Initial", db.Database.GetMigrations());
        Assert.IsType<SqlServerStorage>(services.GetRequiredService<JobStorage>());
    }

    [Fact]
    public void DefaultProviderSelectsTheSqliteContextAndHangfireSqliteStorage()
    {
        using var services = Build("", $"Data Source={Path.Combine(_dir, "voicemirror.db")}");
        using var scope = services.CreateScope();

        var db = scope.ServiceProvider.GetRequiredService<VoiceMirrorDbContext>();
        Assert.IsType<SqliteVoiceMirrorDbContext>(db);
        Assert.True(db.Database.IsSqlite());
        Assert.IsType<SQLiteStorage>(services.GetRequiredService<JobStorage>());
    }

    [Fact]
    public void UnknownProviderStopsStartUpNamingTheChoices()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build("Postgres", "Host=db"));
        Assert.Contains("set it to Sqlite (the default, a local file) or SqlServer", error.Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
