using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VoiceMirror.Engine.Speech;
using VoiceMirror.Tests.Engine.Speech;
using VoiceMirror.Web.Access;

namespace VoiceMirror.Tests.Production;

/// docker-compose.yml as Compose resolves it (`docker-compose config`): valid, and wired the way the app reads its settings.
/// Needs the docker-compose client only, no Docker engine.
public sealed class DockerComposeTests
{
    private static readonly string[] ComposeVariables =
        ["MSSQL_HOST", "MSSQL_SA_PASSWORD", "PUBLIC_BASE_URL", "ADMIN_EMAIL", "ADMIN_PASSWORD", "ELEVENLABS_API_KEY",
         "OPENAI_TTS_BASE_URL", "OPENAI_TTS_API_KEY", "MEDIA_PATH", "MODELS_PATH", "VOICEMIRROR_PORT", "COMPOSE_PROFILES"];

    [Fact]
    public async Task ComposeFileValidates()
    {
        var (exitCode, output, errors) = await RunAsync(Compose(), [.. ComposeArgs, "config", "-q"]);
        Assert.True(exitCode == 0, output + errors);
    }

    [Fact]
    public async Task WebWorkerAndSqlServerAreTheServices()
    {
        var services = (await ResolvedAsync()).GetProperty("services");
        Assert.Equal(["sqlserver", "web", "worker"], services.EnumerateObject().Select(s => s.Name).Order());
        Assert.Equal(["worker"], services.GetProperty("worker").GetProperty("profiles").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("service_healthy", services.GetProperty("web").GetProperty("depends_on").GetProperty("sqlserver").GetProperty("condition").GetString());
    }

    [Theory]
    [InlineData("web")]
    [InlineData("worker")]
    public async Task AppServicesReserveAnNvidiaGpu(string service)
    {
        var devices = (await ResolvedAsync()).GetProperty("services").GetProperty(service)
            .GetProperty("deploy").GetProperty("resources").GetProperty("reservations").GetProperty("devices");
        var gpu = Assert.Single(devices.EnumerateArray());
        Assert.Equal("nvidia", gpu.GetProperty("driver").GetString());
        Assert.Contains("gpu", gpu.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
    }

    [Theory]
    [InlineData("web", "Web")]
    [InlineData("worker", "Worker")]
    public async Task AppServicesShareSqlServerAndTheMediaAndModelsVolumes(string service, string role)
    {
        var resolved = await ResolvedAsync();
        var app = resolved.GetProperty("services").GetProperty(service);
        var env = Environment(app);

        Assert.Equal(role, env["VoiceMirror__Role"]);
        Assert.Equal("SqlServer", env["VoiceMirror__Database__Provider"]);
        Assert.StartsWith("Server=sqlserver;Database=VoiceMirror;", env["ConnectionStrings__VoiceMirror"]);
        Assert.Equal("/models", env["VoiceMirror__Engine__ModelsDirectory"]);
        Assert.StartsWith("/data/", env["VoiceMirror__Storage__UploadsPath"]);
        Assert.StartsWith("/data/", env["VoiceMirror__Storage__WorkPath"]);
        Assert.StartsWith("/data/", env["VoiceMirror__Storage__KeysPath"]);

        var volumes = app.GetProperty("volumes").EnumerateArray().Select(v => v.GetString()!).ToList();
        Assert.Contains("media:/data:rw", volumes);
        Assert.Contains(volumes, v => v.EndsWith("/models:/models:ro", StringComparison.Ordinal));
        Assert.True(resolved.GetProperty("volumes").TryGetProperty("media", out _));
    }

    [Fact]
    public async Task DefaultVoiceAndAdminSettingsAreAcceptedByTheirValidation()
    {
        var env = Environment((await ResolvedAsync()).GetProperty("services").GetProperty("web"));
        // Accounts mode on the container's 0.0.0.0; the first admin's "both or neither" holds with both empty.
        Assert.False(env.ContainsKey("VoiceMirror__Admin__User")); // the basic auth of Open mode has no place here
        var auth = new AuthOptions
        {
            ModeSetting = env["VoiceMirror__Auth__Mode"], Mode = AuthMode.Accounts, Urls = ["http://0.0.0.0:3000"],
            InitialAdmin = new() { Email = env["VoiceMirror__Auth__InitialAdmin__Email"], Password = env["VoiceMirror__Auth__InitialAdmin__Password"] },
        };
        Assert.Equal("Accounts", auth.ModeSetting);
        Assert.True(new AuthOptionsValidation().Validate(null, auth).Succeeded);

        var settings = env.Where(e => e.Key.StartsWith("VoiceMirror__Voices__", StringComparison.Ordinal))
            .ToDictionary(e => e.Key.Replace("__", ":"), e => (string?)e.Value);
        Assert.Equal(3, settings.Count);
        using var host = new SpeechHost(settings);
        host.Services.GetService<IStartupValidator>()?.Validate();
        Assert.IsType<EspeakSynthesizer>(Assert.Single(host.Catalog.Providers));
    }

    // A developer's .env next to the file is ignored too: the defaults are what is checked.
    private static readonly string EmptyEnvFile = Path.GetTempFileName();
    private static string[] ComposeArgs => ["--env-file", EmptyEnvFile, "-f", ComposeFile];

    private static string ComposeFile
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VoiceMirror.sln"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("VoiceMirror.sln not found above the test output."), "docker-compose.yml");
        }
    }

    private static string Compose() =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "docker-compose")).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("docker-compose is not installed; run scripts/setup.sh --for-tests (CI installs it).");

    /// The resolved file as JSON. Compose 1.x (a Python program) prints YAML only, so its own interpreter and
    /// PyYAML turn it into JSON; Compose 2 prints JSON itself.
    private static async Task<JsonElement> ResolvedAsync()
    {
        var compose = Compose();
        var shebang = File.ReadLines(compose).FirstOrDefault() ?? "";
        var (exitCode, output, errors) = shebang.StartsWith("#!", StringComparison.Ordinal) && shebang.Contains("python")
            ? await RunAsync(shebang[2..].Trim().Split(' ')[0],
                ["-c", "import json, subprocess, sys, yaml; json.dump(yaml.safe_load(subprocess.run(sys.argv[1:], check=True, stdout=subprocess.PIPE).stdout), sys.stdout)",
                 compose, .. ComposeArgs, "config"])
            : await RunAsync(compose, [.. ComposeArgs, "config", "--format", "json"]);
        Assert.True(exitCode == 0, errors);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static Dictionary<string, string> Environment(JsonElement service) =>
        service.GetProperty("environment").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());

    // Variables the file reads are removed so its defaults are what is checked.
    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(ComposeFile)! };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in ComposeVariables) start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
