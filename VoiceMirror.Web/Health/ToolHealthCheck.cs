using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VoiceMirror.Web.Health;

/// Runs `tool --version` (fixed arguments, no user input) and reports its first line.
public sealed class ToolHealthCheck(string executable, string installHint) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.GetFileNameWithoutExtension(executable).StartsWith("ff") ? "-version" : "--version");
            using var process = Process.Start(start)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var firstLine = output.Split('\n', 2)[0].Trim();
            return process.ExitCode == 0
                ? HealthCheckResult.Healthy(firstLine)
                : HealthCheckResult.Unhealthy($"{executable} exited with {process.ExitCode}. {installHint}");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or OperationCanceledException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"{executable} cannot be run ({e.Message}). {installHint}");
        }
    }
}
