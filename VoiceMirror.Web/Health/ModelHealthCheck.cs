using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Animators;

namespace VoiceMirror.Web.Health;

/// Healthy while the face detector is there and the default engine can render; an engine that is not installed
/// (Wav2Lip, usually) is reported in the data, not as degradation. Without any usable engine the API still lists
/// and serves history, so that is degraded rather than unhealthy.
public sealed class ModelHealthCheck(IOptions<EngineOptions> options, AnimatorCatalog engines) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        var data = new Dictionary<string, object>();
        var problems = new List<string>();
        try { data["faceDetector"] = ModelFiles.ResolveFaceDetector(options.Value); }
        catch (EngineException e) { problems.Add(e.Message); }

        foreach (var engine in engines.List())
            data[$"engine:{engine.Id}"] = engine.Available ? "available" : $"not installed: {engine.UnavailableReason}";
        try
        {
            var engine = engines.Choose(null).Describe();
            data["defaultEngine"] = engine.Id;
            if (!engine.Available) problems.Add(engine.UnavailableReason!);
        }
        catch (EngineException e) { problems.Add(e.Message); }

        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("Models found", data)
            : HealthCheckResult.Degraded(string.Join(" ", problems), data: data));
    }
}
