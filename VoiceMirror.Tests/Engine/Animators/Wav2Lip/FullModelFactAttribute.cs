using System.Diagnostics;

namespace VoiceMirror.Tests.Engine.Animators.Wav2Lip;

/// <summary>A fact that needs the full-size Wav2Lip stand-in from ../shared; skipped where that folder is absent.</summary>
public sealed class FullModelFactAttribute : FactAttribute
{
    public FullModelFactAttribute()
    {
        if (StandIn.CompressedPath is null)
            Skip = "../shared/models/wav2lip_arch_random.onnx.xz is not present beside the checkout.";
    }
}

/// <summary>Locates the stand-in by walking up from the test binaries to a folder that has shared/ beside it.</summary>
internal static class StandIn
{
    public static string? CompressedPath { get; } = Find();

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "models", "wav2lip_arch_random.onnx.xz");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Decompresses the stand-in into <paramref name="destination"/> with xz (≈145 MB).</summary>
    public static void DecompressTo(string destination)
    {
        using var output = File.Create(destination);
        using var xz = Process.Start(new ProcessStartInfo("xz", ["-dc", CompressedPath!]) { RedirectStandardOutput = true })!;
        xz.StandardOutput.BaseStream.CopyTo(output);
        xz.WaitForExit();
        if (xz.ExitCode != 0) throw new InvalidOperationException($"xz exited with {xz.ExitCode}.");
    }
}
