using System.Security.Cryptography;
using VoiceMirror.Engine.Pipeline;
using VoiceMirror.Tests.Engine.Animators.Wav2Lip;

namespace VoiceMirror.Tests.Engine.Pipeline;

/// <summary>The full Wav2Lip graph (random stand-in weights) through the whole pipeline, on 2 s of speech.</summary>
[Trait("Category", "FullModel")]
public sealed class AnimationPipelineFullModelTests(PipelineFixture fx, StandInFixture standIn)
    : IClassFixture<PipelineFixture>, IClassFixture<StandInFixture>, IDisposable
{
    private readonly string _dir = MediaProbe.NewTempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [FullModelFact]
    public async Task FullSizeGraphRendersAnMp4WhoseMouthVariesWithTheAudioAndWhoseRestIsThePhoto()
    {
        var audio = Path.Combine(_dir, "two-seconds.wav");
        PipelineFixture.Ffmpeg("-i", PipelineFixture.Speech, "-t", "2", audio);
        var output = Path.Combine(_dir, "full.mp4");
        var pipeline = fx.Create(fx.Options, standIn.Model);
        var (baseFrame, crop) = fx.BaseFrameAndCrop(fx.Options);
        using var _ = baseFrame;
        var basePixels = new byte[512 * 512 * 3];
        baseFrame.CopyPixelDataTo(basePixels);
        var mouthHashes = new HashSet<string>();
        var outsideMismatches = 0;

        var result = await pipeline.RenderAsync(new AnimationRequest(PipelineFixture.Astronaut, audio, output), null, (_, frame) =>
        {
            var span = frame.Span;
            var mouth = new List<byte>();
            for (var y = 0; y < 512; y++)
            for (var x = 0; x < 512; x++)
            {
                var i = (y * 512 + x) * 3;
                if (crop.Contains(x, y)) { if (y > crop.Y + crop.Height / 2) mouth.AddRange(span.Slice(i, 3)); }
                else if (!span.Slice(i, 3).SequenceEqual(basePixels.AsSpan(i, 3))) outsideMismatches++;
            }
            mouthHashes.Add(Convert.ToHexString(SHA256.HashData(mouth.ToArray())));
        }, CancellationToken.None);

        Assert.Equal(50, result.FrameCount);
        Assert.Equal(0, outsideMismatches);
        Assert.True(mouthHashes.Count > 25, $"only {mouthHashes.Count} distinct mouths in 50 frames");
        var info = await MediaProbe.AnalyseAsync(output);
        Assert.Equal(("h264", "aac"), (info.PrimaryVideoStream!.CodecName, info.PrimaryAudioStream!.CodecName));
        Assert.InRange(info.Duration.TotalSeconds, 2 - 1 / 25.0, 2 + 1 / 25.0);
    }
}
