using System.Text.Json;
using System.Text.RegularExpressions;
using VoiceMirror.Tests.Engine.Vision;

namespace VoiceMirror.Tests.Models;

/// <summary>
/// <c>install.sh --download-wav2lip</c> against a loopback server that serves the small committed Wav2Lip test model
/// as "the download": the licence gate, checksum, size and graph checks, resume, 404 and an unreachable host.
/// </summary>
public sealed class DownloadWav2LipTests : IAsyncLifetime
{
    private static readonly string Served = VisionData.Model("wav2lip_test_96.onnx");
    private readonly string _models = Directory.CreateTempSubdirectory("vm-download-").FullName;
    private ModelDownloadServer _server = null!;

    private string Target => Path.Combine(_models, "wav2lip_gan.onnx");
    private string Part => Path.Combine(_models, ".wav2lip_gan.onnx.part");
    private string Url(string path) => _server.BaseUrl + path;

    public Task InitializeAsync()
    {
        _server = new ModelDownloadServer(Served);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _server.Dispose();
        Directory.Delete(_models, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task GoodDownloadIsVerifiedAndInstalled()
    {
        var (code, output) = await InstallScript.RunAsync(_models, "--download-wav2lip", "--url", Url("/model.onnx"),
            "--sha256", InstallScript.Sha256(Served), "--size", new FileInfo(Served).Length.ToString(), "--accept-non-commercial-licence");

        Assert.True(code == 0, output);
        Assert.Equal(InstallScript.Sha256(Served), InstallScript.Sha256(Target));
        Assert.Contains("NON-COMMERCIAL", output);
        Assert.Contains("SHA-256 verified", output);
        Assert.Contains("face 96px on CPU", output);
        Assert.False(File.Exists(Part));
    }

    [Fact]
    public async Task CutOffDownloadInstallsNothingAndTheNextRunResumesIt()
    {
        var sha = InstallScript.Sha256(Served);
        var (code, output) = await InstallScript.RunAsync(_models, "--download-wav2lip", "--url", Url("/cut.onnx"),
            "--sha256", sha, "--accept-non-commercial-licence");

        Assert.NotEqual(0, code);
        Assert.Contains("cut off", output);
        Assert.False(File.Exists(Target));
        var half = new FileInfo(Part).Length;
        Assert.InRange(half, 1, new FileInfo(Served).Length - 1);

        (code, output) = await InstallScript.RunAsync(_models, "--download-wav2lip", "--url", Url("/model.onnx"),
            "--sha256", sha, "--accept-non-commercial-licence");

        Assert.True(code == 0, output);
        Assert.Equal(sha, InstallScript.Sha256(Target));
        Assert.Contains(_server.Requests, r => r.Path == "/model.onnx" && r.Range == $"bytes={half}-");
    }

    [Fact]
    public async Task WrongChecksumIsRefusedAndTheFileDeleted()
    {
        var (code, output) = await InstallScript.RunAsync(_models, "--download-wav2lip", "--url", Url("/model.onnx"),
            "--sha256", new string('0', 64), "--accept-non-commercial-licence");

        Assert.NotEqual(0, code);
        Assert.Contains($"SHA-256 is {InstallScript.Sha256(Served)}, expected {new string('0', 64)}", output);
        Assert.Contains("nothing installed", output);
        Assert.False(File.Exists(Target));
        Assert.False(File.Exists(Part));
    }

    [Fact]
    public async Task WrongSizeIsRefused()
    {
        var (code, output) = await InstallScript.RunAsync(_models, "--download-wav2lip", "--url", Url("/model.onnx"),
            "--size", (new FileInfo(Served).Length + 1).ToString(), "--accept-non-commercial-licence");

        Assert.NotEqual(0, code);
        Assert.Contains("truncated or a different file", output);
        Assert.False(File.Exists(Target));
    }

    [Fact]
    public async Task AGraphWithoutTheWav2LipSignatureIsRefused()
    {
        _server.Dispose();
        _server = new ModelDownloadServer(VisionData.Model(VisionData.FrontModel));

        var (code, output) = await InstallScript.RunAsync(_models, "--download-wav2lip", "--url", Url("/model.onnx"),
            "--accept-non-commercial-licence");

        Assert.NotEqual(0, code);
        Assert.Contains("does not have the Wav2Lip signature", output);
        Assert.False(File.Exists(Target));
    }

    [Fact]
    public async Task MissingFileGivesTheHttpStatusAndWhatToDoInstead()
    {
        var (code, output) = await InstallScript.RunAsync(_models, "--download-wav2lip", "--url", Url("/gone.onnx"),
            "--accept-non-commercial-licence");

        Assert.NotEqual(0, code);
        Assert.Contains("HTTP 404", output);
        Assert.Contains("install.sh --wav2lip PATH", output);
        Assert.Empty(Directory.GetFiles(_models, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task WithoutTheLicenceFlagAScriptIsRefusedBeforeAnyDownload()
    {
        var (code, output) = await InstallScript.RunAsync(_models, "--download-wav2lip", "--url", Url("/model.onnx"));

        Assert.NotEqual(0, code);
        Assert.Contains("NON-COMMERCIAL", output);
        Assert.Contains("--accept-non-commercial-licence", output);
        Assert.Empty(_server.Requests);
        Assert.False(File.Exists(Target));
    }

    [Fact]
    public async Task UnreachableHostFailsAtOnceAndSaysWhatToDoInstead()
    {
        // Port 1 on loopback refuses connections: what an offline machine's curl reports as exit 7.
        var (code, output) = await InstallScript.RunAsync(_models, "--download-wav2lip", "--url", "http://127.0.0.1:1/model.onnx",
            "--accept-non-commercial-licence");

        Assert.NotEqual(0, code);
        Assert.Contains("cannot reach 127.0.0.1:1", output);
        Assert.Contains("install.sh --wav2lip PATH", output);
        Assert.False(File.Exists(Target));
    }

    [Fact]
    public void ManifestDownloadEntryIsWhatTheScriptDownloads()
    {
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(InstallScript.RepoRoot, "models", "manifest.json")));
        var download = manifest.RootElement.GetProperty("models").EnumerateArray()
            .First(e => e.GetProperty("file").GetString() == "wav2lip_gan.onnx").GetProperty("download");
        var script = File.ReadAllText(Path.Combine(InstallScript.RepoRoot, "models", "install.sh"));

        Assert.Equal(download.GetProperty("url").GetString(), Regex.Match(script, @"(?m)^WAV2LIP_URL=(\S+)$").Groups[1].Value);
        Assert.Equal(download.GetProperty("sha256").GetString() ?? "", Regex.Match(script, @"(?m)^WAV2LIP_SHA=(\S*)$").Groups[1].Value);
        var size = download.GetProperty("sizeBytes");
        Assert.Equal(size.ValueKind == JsonValueKind.Null ? "" : size.GetInt64().ToString(),
            Regex.Match(script, @"(?m)^WAV2LIP_SIZE=(\S*)$").Groups[1].Value);
    }
}
