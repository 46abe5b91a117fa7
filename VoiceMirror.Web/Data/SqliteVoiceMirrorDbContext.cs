using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace VoiceMirror.Web.Data;

public sealed class SqliteVoiceMirrorDbContext(DbContextOptions<SqliteVoiceMirrorDbContext> options) : VoiceMirrorDbContext(options);

/// Lets `dotnet ef migrations add … --context SqliteVoiceMirrorDbContext` run without starting the app.
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteVoiceMirrorDbContext>
{
    public SqliteVoiceMirrorDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteVoiceMirrorDbContext>().UseSqlite("Data Source=design.db").Options);
}
