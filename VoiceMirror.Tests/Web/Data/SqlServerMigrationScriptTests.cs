using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Tests.Web.Data;

/// The SQL Server migrations as the script EF Core runs at start-up (or a DBA runs by hand), generated without a
/// server: no connection is opened.
public sealed partial class SqlServerMigrationScriptTests
{
    // Never contacted: generating a script and comparing models only need the provider.
    internal const string UnreachableServer =
        "Server=unreachable.invalid;Database=VoiceMirror;User Id=sa;Password=x;TrustServerCertificate=True;Connect Timeout=1";

    internal static SqlServerVoiceMirrorDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<SqlServerVoiceMirrorDbContext>().UseSqlServer(UnreachableServer).Options);

    internal static string IdempotentScript()
    {
        using var db = CreateContext();
        return db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }

    /// Column name → "type NULL|NOT NULL" of one table as the whole script leaves it: its CREATE TABLE in declaration
    /// order, then the columns later migrations ADD (without their DEFAULT), in script order.
    internal static List<(string Name, string Definition)> Columns(string script, string table)
    {
        var create = Regex.Match(script, $@"CREATE TABLE \[{table}\] \((?<body>.*?)\n    \);", RegexOptions.Singleline);
        Assert.True(create.Success, $"CREATE TABLE [{table}] is missing from the script.");
        var columns = ColumnLine().Matches(create.Groups["body"].Value).Select(m => (m.Groups[1].Value, m.Groups[2].Value.Trim())).ToList();
        foreach (Match added in Regex.Matches(script, $@"ALTER TABLE \[{table}\] ADD \[(\w+)\] (.+?)( DEFAULT .*)?;"))
            columns.Add((added.Groups[1].Value, added.Groups[2].Value.Trim()));
        return columns;
    }

    [Fact]
    public void EveryStatementOfEveryMigrationIsGuardedByItsHistoryRow()
    {
        using var db = CreateContext();
        var script = IdempotentScript();
        var migrations = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(migrations);

        var blocks = GuardedBlock().Matches(script);
        Assert.Contains(blocks, b => b.Groups["id"].Value == migrations[0] && b.Groups["body"].Value.Contains("CREATE TABLE"));
        Assert.All(migrations, id =>
        {
            // A schema statement and the history row, each under the migration's own guard.
            Assert.Contains(blocks, b => b.Groups["id"].Value == id && (b.Groups["body"].Value.Contains("CREATE ") || b.Groups["body"].Value.Contains("ALTER TABLE")));
            Assert.Contains(blocks, b => b.Groups["id"].Value == id && b.Groups["body"].Value.Contains($"VALUES (N'{id}'"));
        });
        Assert.All(blocks, b => Assert.Contains(b.Groups["id"].Value, migrations));

        // What is left outside the guards: the history table (created only when missing) and one transaction per migration.
        var unguarded = GuardedBlock().Replace(script, "");
        unguarded = Regex.Replace(unguarded, @"IF OBJECT_ID\(N'\[__EFMigrationsHistory\]'\) IS NULL\s*BEGIN.*?END;", "", RegexOptions.Singleline);
        string[] expected = [.. Enumerable.Repeat("BEGIN TRANSACTION;", migrations.Count), .. Enumerable.Repeat("COMMIT;", migrations.Count),
            .. Enumerable.Repeat("GO", migrations.Count + 1)];
        Assert.Equal(expected,
            unguarded.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AvatarsTableHasSqlServerTypesAndIdentityKey()
    {
        var script = IdempotentScript();
        Assert.Equal(
        [
            ("Id", "int NOT NULL IDENTITY"), ("Name", "nvarchar(100) NOT NULL"), ("Description", "nvarchar(1000) NULL"),
            ("ImageFile", "nvarchar(100) NOT NULL"), ("FaceX", "int NOT NULL"), ("FaceY", "int NOT NULL"),
            ("FaceWidth", "int NOT NULL"), ("FaceHeight", "int NOT NULL"),
            ("CreatedAt", "datetime2 NOT NULL"), ("UpdatedAt", "datetime2 NOT NULL"), ("Landmarks", "nvarchar(max) NULL"),
            ("OwnerId", "nvarchar(450) NULL"),
        ], Columns(script, "Avatars"));
        Assert.Contains("CONSTRAINT [PK_Avatars] PRIMARY KEY ([Id])", script);
    }

    [Fact]
    public void AnimationsTableHasSqlServerTypesAndCascadesFromItsAvatar()
    {
        var script = IdempotentScript();
        Assert.Equal(
        [
            ("Id", "int NOT NULL IDENTITY"), ("AvatarId", "int NOT NULL"), ("Text", "nvarchar(max) NOT NULL"),
            ("VoiceId", "nvarchar(200) NULL"), ("Status", "nvarchar(16) NOT NULL"), ("Stage", "nvarchar(32) NOT NULL"),
            ("Progress", "int NOT NULL"), ("AudioFile", "nvarchar(100) NULL"), ("VideoFile", "nvarchar(100) NULL"),
            ("ErrorCode", "nvarchar(64) NULL"), ("ErrorMessage", "nvarchar(2000) NULL"), ("DurationSeconds", "float NULL"),
            ("Engine", "nvarchar(32) NULL"), ("Model", "nvarchar(200) NULL"), ("RequestHash", "nvarchar(64) NOT NULL"),
            ("Attempts", "int NOT NULL"), ("CreatedAt", "datetime2 NOT NULL"), ("UpdatedAt", "datetime2 NOT NULL"),
            ("CompletedAt", "datetime2 NULL"), ("ExecutionProvider", "nvarchar(32) NULL"), ("Liveliness", "bit NOT NULL"),
            ("Phonemes", "nvarchar(max) NULL"), ("SpeechFile", "nvarchar(100) NULL"), ("JobId", "nvarchar(64) NULL"),
            ("OwnerId", "nvarchar(450) NULL"), ("CallbackBaseUrl", "nvarchar(500) NULL"), ("CallbackUrl", "nvarchar(2000) NULL"),
        ], Columns(script, "Animations"));
        Assert.Contains("CONSTRAINT [FK_Animations_Avatars_AvatarId] FOREIGN KEY ([AvatarId]) REFERENCES [Avatars] ([Id]) ON DELETE CASCADE", script);
        Assert.Contains("CREATE INDEX [IX_Animations_AvatarId_CreatedAt] ON [Animations] ([AvatarId], [CreatedAt]);", script);
        Assert.Contains("CREATE INDEX [IX_Animations_RequestHash] ON [Animations] ([RequestHash]);", script);
        Assert.Contains("CREATE INDEX [IX_Animations_UpdatedAt] ON [Animations] ([UpdatedAt]);", script);
        Assert.Contains("CREATE INDEX [IX_Animations_OwnerId] ON [Animations] ([OwnerId]);", script);
    }

    [Fact]
    public void ApiKeysAreFoundByAUniqueHashAndGoWithTheirUser()
    {
        var script = IdempotentScript();
        Assert.Equal(
        [
            ("Id", "int NOT NULL IDENTITY"), ("UserId", "nvarchar(450) NOT NULL"), ("Name", "nvarchar(100) NOT NULL"),
            ("Prefix", "nvarchar(16) NOT NULL"), ("Hash", "nvarchar(64) NOT NULL"), ("CreatedAt", "datetime2 NOT NULL"),
            ("LastUsedAt", "datetime2 NULL"),
        ], Columns(script, "ApiKeys"));
        Assert.Contains("CREATE UNIQUE INDEX [IX_ApiKeys_Hash] ON [ApiKeys] ([Hash]);", script);
        Assert.Contains("CONSTRAINT [FK_ApiKeys_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE", script);
    }

    [Fact]
    public void ScriptTablesHoldEveryPropertyOfTheModel()
    {
        using var db = CreateContext();
        var script = IdempotentScript();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            Assert.Equal(entity.GetProperties().Select(p => p.GetColumnName()).Order(), Columns(script, table).Select(c => c.Name).Order());
        }
        Assert.DoesNotMatch(@"\b(TEXT|INTEGER|REAL|AUTOINCREMENT)\b", script); // SQLite's types would mean the wrong migrations
    }

    [GeneratedRegex(@"IF NOT EXISTS \(\s*SELECT \* FROM \[__EFMigrationsHistory\]\s*WHERE \[MigrationId\] = N'(?<id>[^']+)'\s*\)\s*BEGIN(?<body>.*?)\nEND;", RegexOptions.Singleline)]
    private static partial Regex GuardedBlock();

    [GeneratedRegex(@"^\s*\[(\w+)\] ([^,\n]+),?\s*$", RegexOptions.Multiline)]
    private static partial Regex ColumnLine();
}
