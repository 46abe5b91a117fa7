using VoiceMirror.Engine;
using VoiceMirror.Engine.Animators.Wav2Lip;

namespace VoiceMirror.Tests.Engine;

public sealed class ModelFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vm-models-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ExistingModelsResolveToAbsolutePathsInTheModelsFolder()
    {
        File.WriteAllBytes(Path.Combine(_dir, "wav2lip_gan.onnx"), [1]);
        File.WriteAllBytes(Path.Combine(_dir, "face_detection_front_128x128.onnx"), [1]);
        var o = new EngineOptions { ModelsDirectory = _dir };

        Assert.Equal(Path.Combine(_dir, "wav2lip_gan.onnx"), ModelFiles.ResolveWav2Lip(o));
        Assert.Equal(Path.Combine(_dir, "face_detection_front_128x128.onnx"), ModelFiles.ResolveFaceDetector(o));
    }

    [Fact]
    public void MissingWav2LipMessageNamesFileFolderAndInstallScript()
    {
        var e = Assert.Throws<EngineException>(() => ModelFiles.ResolveWav2Lip(new EngineOptions { ModelsDirectory = _dir }));

        Assert.Equal(EngineError.ModelMissing, e.Error);
        Assert.Contains("wav2lip_gan.onnx", e.Message);
        Assert.Contains(_dir, e.Message);
        Assert.Contains("models/install.sh", e.Message);
        Assert.Contains("models/README.md", e.Message);
    }

    [Fact]
    public void MissingFaceDetectorMessageNamesFileAndInstallScript()
    {
        var e = Assert.Throws<EngineException>(() => ModelFiles.ResolveFaceDetector(new EngineOptions { ModelsDirectory = _dir }));

        Assert.Equal(EngineError.ModelMissing, e.Error);
        Assert.Contains("face_detection_front_128x128.onnx", e.Message);
        Assert.Contains("models/install.sh --face-detector", e.Message);
    }

    [Fact]
    public void MissingFaceMeshMessageNamesTheBuiltinFolder()
    {
        var e = Assert.Throws<EngineException>(() => ModelFiles.ResolveFaceMesh(new EngineOptions { ModelsDirectory = _dir }));

        Assert.Equal(EngineError.ModelMissing, e.Error);
        Assert.Contains("face_landmark.onnx", e.Message);
        Assert.Contains("models/builtin", e.Message);
    }

    [Fact]
    public void Wav2LipPathOverridesTheWav2LipSetting()
    {
        var elsewhere = Path.Combine(_dir, "custom.onnx");
        File.WriteAllBytes(elsewhere, [1]);

        Assert.Equal(elsewhere, ModelFiles.ResolveWav2Lip(new EngineOptions { ModelsDirectory = "/nonexistent", Wav2LipPath = elsewhere }));
    }

    [Fact]
    public void Wav2LipPathNamingAMissingFileIsModelMissingNamingTheVariable()
    {
        var e = Assert.Throws<EngineException>(() => ModelFiles.ResolveWav2Lip(
            new EngineOptions { ModelsDirectory = _dir, Wav2LipPath = Path.Combine(_dir, "gone.onnx") }));
        Assert.Equal(EngineError.ModelMissing, e.Error);
        Assert.Contains("gone.onnx", e.Message);
        Assert.Contains("WAV2LIP_PATH", e.Message);
    }
}
