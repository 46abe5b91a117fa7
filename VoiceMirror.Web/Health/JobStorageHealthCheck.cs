using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VoiceMirror.Web.Health;

public sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            var stats = storage.GetMonitoringApi().GetStatistics();
            var data = new Dictionary<string, object>
            {
                ["servers"] = stats.Servers, ["enqueued"] = stats.Enqueued, ["processing"] = stats.Processing, ["failed"] = stats.Failed,
            };
            return Task.FromResult(HealthCheckResult.Healthy($"{storage.GetType().Name}, {stats.Servers} servers", data));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The job storage cannot be read: {e.Message}"));
        }
    }
}
