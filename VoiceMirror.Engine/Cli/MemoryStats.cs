using System.Diagnostics;

namespace VoiceMirror.Engine.Cli;

/// <summary>Resident memory of this process, from /proc/self/status on Linux (the kernel's own accounting).</summary>
internal static class MemoryStats
{
    /// <summary>Peak resident set size in MiB since the process started (VmHWM; PeakWorkingSet64 elsewhere).</summary>
    public static double PeakMiB() => ReadKiB("VmHWM:") is { } kib ? kib / 1024.0 : Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;

    /// <summary>Current resident set size in MiB (VmRSS; WorkingSet64 elsewhere).</summary>
    public static double CurrentMiB() => ReadKiB("VmRSS:") is { } kib ? kib / 1024.0 : Process.GetCurrentProcess().WorkingSet64 / 1048576.0;

    private static long? ReadKiB(string key)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return null;
        foreach (var line in File.ReadLines(status))
        {
            if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
            var number = line[key.Length..].Trim().Split(' ')[0];
            return long.TryParse(number, out var kib) ? kib : null;
        }
        return null;
    }
}
