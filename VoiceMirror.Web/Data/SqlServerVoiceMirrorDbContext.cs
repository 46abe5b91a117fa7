using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace VoiceMirror.Web.Data;

public sealed class SqlServerVoiceMirrorDbContext(DbContextOptions<SqlServerVoiceMirrorDbContext> options) : VoiceMirrorDbContext(options);

/// Lets `dotnet ef migrations add … --context SqlServerVoiceMirrorDbContext` run without a server (no connection is opened).
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerVoiceMirrorDbContext>
{
    public SqlServerVoiceMirrorDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerVoiceMirrorDbContext>().UseSqlServer("Server=.;Database=VoiceMirror;Trusted_Connection=True;TrustServerCertificate=True").Options);
}
