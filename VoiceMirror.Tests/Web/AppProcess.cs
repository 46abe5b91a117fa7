using System.Diagnostics;
using System.Text.RegularExpressions;

namespace VoiceMirror.Tests.Web;

/// The built VoiceMirror.Web.dll run as a child process (`dotnet VoiceMirror.Web.dll`) on a free loopback port,
/// configured through environment variables: for tests that kill the process or need a real, separate server.
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(IReadOnlyDictionary<string, string?> settings)
    {
        _process = Process.Start(StartInfo(settings))!;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) =>
        {
            _process.WaitForExit(); // Exited can come before the last lines: this waits for both streams to end
            _listening.TrySetException(new InvalidOperationException($"The app exited early:\n{Log}"));
        };
    }

    public Uri BaseAddress => _listening.Task.Result;
    public string Log => string.Join('\n', _log);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();

    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var app = new AppProcess(settings);
        await app._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return app;
    }

    /// Runs the app's command line (e.g. create-admin) to its end with the same settings; returns its exit code and output.
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var start = StartInfo(settings);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output + await error);
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(WebDll)! };
        start.ArgumentList.Add(WebDll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        return start;
    }

    /// SIGKILL: no shutdown hooks run, as when the machine loses power or the OOM killer strikes.
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        _log.Enqueue(line);
        if (ListeningOn().Match(line) is { Success: true } m) _listening.TrySetResult(new Uri(m.Groups[1].Value));
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();

    /// VoiceMirror.Web/bin/<Configuration>/net10.0/VoiceMirror.Web.dll next to this test build.
    private static string WebDll
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var (framework, configuration) = (testBin.Name, testBin.Parent!.Name);
            var root = testBin;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "VoiceMirror.sln"))) root = root.Parent;
            return Path.Combine(root?.FullName ?? throw new InvalidOperationException("VoiceMirror.sln not found above the test output."),
                "VoiceMirror.Web", "bin", configuration, framework, "VoiceMirror.Web.dll");
        }
    }
}
