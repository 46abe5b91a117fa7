using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Tests.Web.Data;

/// Both providers' migrations describe the one model: the snapshots match it (a model change without
/// `dotnet ef migrations add` for each provider fails here), and a real SQLite file gets the tables SQL Server gets.
public sealed class MigrationParityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("voicemirror-migrations-").FullName;

    private SqliteVoiceMirrorDbContext SqliteContext() =>
        new(new DbContextOptionsBuilder<SqliteVoiceMirrorDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_dir, "voicemirror.db")};Pooling=False").Options);

    [Fact]
    public void SqliteMigrationsHaveNoPendingModelChanges()
    {
        using var db = SqliteContext();
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model differs from Migrations/Sqlite; run dotnet ef migrations add <Name> --context SqliteVoiceMirrorDbContext --output-dir Data/Migrations/Sqlite.");
    }

    [Fact]
    public void SqlServerMigrationsHaveNoPendingModelChanges()
    {
        using var db = SqlServerMigrationScriptTests.CreateContext();
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model differs from Migrations/SqlServer; run dotnet ef migrations add <Name> --context SqlServerVoiceMirrorDbContext --output-dir Data/Migrations/SqlServer.");
    }

    [Fact]
    public void BothProvidersHaveTheSameMigrationNames()
    {
        using var sqlite = SqliteContext();
        using var sqlServer = SqlServerMigrationScriptTests.CreateContext();
        // Ids carry the generation timestamp, which differs per provider; the names after it must agree.
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(id => id[(id.IndexOf('_') + 1)..]);
        Assert.Equal(Names(sqlServer), Names(sqlite));
    }

    [Theory]
    [InlineData("Avatars")]
    [InlineData("Animations")]
    public void SqliteFileGetsTheColumnsAndNullabilityOfTheSqlServerScript(string table)
    {
        using (var db = SqliteContext()) db.Database.Migrate();
        var sqlServer = SqlServerMigrationScriptTests.Columns(SqlServerMigrationScriptTests.IdempotentScript(), table);

        var sqlite = Query($"SELECT name, \"notnull\" FROM pragma_table_info('{table}') ORDER BY cid", r => (r.GetString(0), r.GetInt64(1) == 1));

        Assert.Equal(sqlServer.Select(c => (c.Name, c.Definition.Contains("NOT NULL"))), sqlite);
    }

    [Fact]
    public void SqliteFileDeletesAnAvatarsAnimationsWithItAndHasTheSameIndexes()
    {
        using (var db = SqliteContext()) db.Database.Migrate();

        var foreignKeys = Query("SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('Animations')",
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        Assert.Equal([("Avatars", "AvatarId", "Id", "CASCADE")], foreignKeys);

        var indexes = Query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Animations' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            r => r.GetString(0));
        Assert.Equal(["IX_Animations_AvatarId_CreatedAt", "IX_Animations_OwnerId", "IX_Animations_RequestHash", "IX_Animations_UpdatedAt"], indexes);
        var script = SqlServerMigrationScriptTests.IdempotentScript();
        Assert.All(indexes, name => Assert.Contains($"CREATE INDEX [{name}]", script));

        var tables = Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%' ORDER BY name", r => r.GetString(0));
        // Identity's accounts share the database (both providers), with the API keys, the owners of cloned voices and webhooks.
        Assert.Equal(["Animations", "ApiKeys", "AspNetRoleClaims", "AspNetRoles", "AspNetUserClaims", "AspNetUserLogins", "AspNetUserRoles",
            "AspNetUserTokens", "AspNetUsers", "Avatars", "VoiceOwners", "WebhookDeliveries", "WebhookSecrets"], tables);
        Assert.All(tables, name => Assert.Contains($"CREATE TABLE [{name}]", script));
        // A delivery log goes with its animation (and so with the avatar).
        Assert.Equal([("Animations", "AnimationId", "Id", "CASCADE")],
            Query("SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('WebhookDeliveries')",
                r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3))));
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, "voicemirror.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
