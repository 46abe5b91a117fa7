using VoiceMirror.Engine.Animators.Wav2Lip;

namespace VoiceMirror.Tests.Engine.Animators.Wav2Lip;

/// <summary>Decompresses the full-size stand-in once per run into a private temp file.</summary>
public sealed class StandInFixture : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"wav2lip_standin_{Guid.NewGuid():N}.onnx");
    private Wav2LipModel? _model;

    public Wav2LipModel Model
    {
        get
        {
            if (_model is null)
            {
                StandIn.DecompressTo(_path);
                _model = new Wav2LipModel(_path, useCuda: false);
            }
            return _model;
        }
    }

    public void Dispose()
    {
        _model?.Dispose();
        File.Delete(_path);
    }
}

[Trait("Category", "FullModel")]
public class Wav2LipFullModelTests(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    [FullModelFact]
    public void StandInInputsMelSpectrogramAndVideoFramesAreFoundByShape()
    {
        Assert.Equal(96, fixture.Model.FaceSize);
        Assert.StartsWith("wav2lip_standin_", fixture.Model.ModelName);
    }

    [FullModelFact]
    public void StandInOutputIsInUnitRangeAndFollowsTheMel()
    {
        const int batch = 2, outLen = 3 * 96 * 96;
        var faces = Wav2LipModelTests.RandomFaces(batch, 96, seed: 7);
        var a = new float[batch * outLen];
        var b = new float[batch * outLen];

        fixture.Model.Run(Wav2LipModelTests.RandomMel(batch, seed: 8), faces, batch, a);
        fixture.Model.Run(Wav2LipModelTests.RandomMel(batch, seed: 9), faces, batch, b);

        Assert.All(a, v => Assert.InRange(v, 0f, 1f));
        Assert.NotEqual(a, b);
        Assert.NotEqual(a.AsSpan(0, outLen).ToArray(), a.AsSpan(outLen, outLen).ToArray());
    }
}
