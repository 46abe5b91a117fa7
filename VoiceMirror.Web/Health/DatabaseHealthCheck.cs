using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VoiceMirror.Web.Data;

namespace VoiceMirror.Web.Health;

public sealed class DatabaseHealthCheck(VoiceMirrorDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            var avatars = await db.Avatars.CountAsync(ct);
            return HealthCheckResult.Healthy($"{db.Database.ProviderName}, {avatars} avatars");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The database cannot be queried: {e.Message}");
        }
    }
}
