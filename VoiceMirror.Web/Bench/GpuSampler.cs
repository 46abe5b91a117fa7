using System.Diagnostics;
using System.Globalization;

namespace VoiceMirror.Web.Bench;

/// <summary>
/// GPU utilisation and memory in use, sampled every 100 ms by <c>nvidia-smi</c> while a benchmark round runs (the
/// driver's own counters; on a host without it the figures read "n/a").
/// </summary>
internal sealed class GpuSampler : IDisposable
{
    private readonly Process? _smi;
    private readonly List<(double Util, double MemoryMiB)> _samples = [];
    private readonly Task _reader = Task.CompletedTask;

    private GpuSampler(Process? smi)
    {
        _smi = smi;
        if (smi is null) return;
        _reader = Task.Run(async () =>
        {
            while (await smi.StandardOutput.ReadLineAsync() is { } line)
            {
                var parts = line.Split(',', StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var util)
                    && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var memory))
                    lock (_samples) _samples.Add((util, memory));
            }
        });
    }

    public static GpuSampler Start()
    {
        try
        {
            var psi = new ProcessStartInfo("nvidia-smi", "--query-gpu=utilization.gpu,memory.used --format=csv,noheader,nounits -lms 100")
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            return new GpuSampler(Process.Start(psi));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new GpuSampler(null);
        }
    }

    /// <summary>Mean and max utilisation ("41 / 97 %") and the peak memory in use ("5,120 MiB").</summary>
    public (string Utilisation, string PeakMemory) Stop()
    {
        Dispose();
        lock (_samples)
        {
            if (_samples.Count == 0) return ("n/a", "n/a");
            return (string.Create(CultureInfo.InvariantCulture, $"{_samples.Average(s => s.Util):F0} / {_samples.Max(s => s.Util):F0} %"),
                string.Create(CultureInfo.InvariantCulture, $"{_samples.Max(s => s.MemoryMiB):N0} MiB"));
        }
    }

    public void Dispose()
    {
        if (_smi is null || _smi.HasExited) return;
        try { _smi.Kill(); } catch (InvalidOperationException) { }
        _reader.Wait(TimeSpan.FromSeconds(2));
    }
}
