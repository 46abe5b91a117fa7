using System.Diagnostics;
using System.Security.Cryptography;

namespace VoiceMirror.Tests.Models;

/// <summary>Runs models/install.sh for real with bash, into a given models folder, with stdin not a terminal.</summary>
internal static class InstallScript
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The engine CLI built beside the tests checks graphs, so a test never builds anything.</summary>
    public static string Cli => $"dotnet {Path.Combine(AppContext.BaseDirectory, "voicemirror.dll")}";

    public static async Task<(int Code, string Output)> RunAsync(string modelsDir, params string[] args)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepoRoot, "models", "install.sh"), "--models-dir", modelsDir, .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["VOICEMIRROR_CLI"] = Cli;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "VoiceMirror.sln"))) return dir.FullName;
        throw new InvalidOperationException("VoiceMirror.sln not found above the test binaries.");
    }
}
