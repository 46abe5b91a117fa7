using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using VoiceMirror.Engine;
using VoiceMirror.Engine.LipSync;

namespace VoiceMirror.Web.Health;

/// A missing model leaves the API usable (listing, history) but renders fail: degraded, with the reason.
public sealed class ModelHealthCheck(IOptions<EngineOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        var found = new Dictionary<string, object>();
        var missing = new List<string>();
        foreach (var (name, resolve) in new (string, Func<EngineOptions, string>)[]
                 { ("wav2lip", ModelFiles.ResolveWav2Lip), ("faceDetector", ModelFiles.ResolveFaceDetector) })
        {
            try { found[name] = resolve(options.Value); }
            catch (EngineException e) { missing.Add(e.Message); }
        }
        return Task.FromResult(missing.Count == 0
            ? HealthCheckResult.Healthy("Models found", found)
            : HealthCheckResult.Degraded(string.Join(" ", missing), data: found));
    }
}
