using VoiceMirror.Engine;
using VoiceMirror.Engine.Audio;
using VoiceMirror.Engine.Pipeline;

namespace VoiceMirror.Tests.Engine.Pipeline;

public sealed class AnimationPipelineTests(PipelineFixture fx) : IClassFixture<PipelineFixture>, IDisposable
{
    private readonly string _dir = MediaProbe.NewTempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out(string name) => Path.Combine(_dir, name);

    [Fact]
    public async Task RendersPlayableH264Yuv420pAacMp4At512LastingAsLongAsTheAudio()
    {
        var output = Out("astronaut.mp4");

        var result = await fx.Pipeline.RenderAsync(new AnimationRequest(PipelineFixture.Astronaut, PipelineFixture.Speech, output), null, CancellationToken.None);

        var samples = MediaProbe.WavSampleCount(PipelineFixture.Speech);
        Assert.Equal(MelWindows.FrameCount(samples, 25), result.FrameCount);
        Assert.Equal(("wav2lip_test_96.onnx", "CPU"), (result.ModelName, result.ExecutionProvider));
        var info = await MediaProbe.AnalyseAsync(output);
        var video = info.PrimaryVideoStream!;
        Assert.Equal(("h264", "yuv420p", 512, 512), (video.CodecName, video.PixelFormat, video.Width, video.Height));
        Assert.Equal("aac", info.PrimaryAudioStream!.CodecName);
        var seconds = samples / 16000.0;
        Assert.InRange(video.Duration.TotalSeconds, seconds - 1 / 25.0, seconds + 1 / 25.0);
        Assert.InRange(info.Duration.TotalSeconds, seconds - 1 / 25.0, seconds + 1 / 25.0);
        foreach (var stage in new[] { PipelineStage.Audio, PipelineStage.Face, PipelineStage.Inference, PipelineStage.Composite, PipelineStage.Encode })
            Assert.True(result.StageSeconds[stage] >= 0);
        Assert.True(result.StageSeconds[PipelineStage.Inference] > 0);
    }

    [Fact]
    public async Task EveryFrameIsTheBaseFrameExactlyOutsideTheFaceCropAndChangesInsideIt()
    {
        var (baseFrame, crop) = fx.BaseFrameAndCrop(fx.Options);
        using var _ = baseFrame;
        var basePixels = new byte[512 * 512 * 3];
        baseFrame.CopyPixelDataTo(basePixels);
        int frames = 0, framesWithMouthChange = 0, outsideMismatches = 0;

        await fx.Pipeline.RenderAsync(new AnimationRequest(PipelineFixture.Astronaut, PipelineFixture.Speech, Out("exact.mp4")),
            null, (_, frame) =>
            {
                var span = frame.Span;
                var mouthChanged = false;
                for (var y = 0; y < 512; y++)
                for (var x = 0; x < 512; x++)
                {
                    var i = (y * 512 + x) * 3;
                    var same = span[i] == basePixels[i] && span[i + 1] == basePixels[i + 1] && span[i + 2] == basePixels[i + 2];
                    if (crop.Contains(x, y)) mouthChanged |= !same && y >= crop.Y + crop.Height / 2;
                    else if (!same) outsideMismatches++;
                }
                frames++;
                if (mouthChanged) framesWithMouthChange++;
            }, CancellationToken.None);

        Assert.Equal(0, outsideMismatches);
        Assert.Equal(frames, framesWithMouthChange);
        Assert.True(frames > 100);
    }

    [Fact]
    public async Task EncodedCornerAndForeheadMatchTheBaseFrameWithinCodecTolerance()
    {
        var output = Out("corner.mp4");
        await fx.Pipeline.RenderAsync(new AnimationRequest(PipelineFixture.Astronaut, PipelineFixture.Speech, output), null, CancellationToken.None);
        var (baseFrame, crop) = fx.BaseFrameAndCrop(fx.Options);
        using var _ = baseFrame;
        var basePixels = new byte[512 * 512 * 3];
        baseFrame.CopyPixelDataTo(basePixels);

        var decoded = await MediaProbe.DecodeFrameRgbAsync(output, 60, 512, 512);

        Assert.InRange(MeanAbsDiff(decoded, basePixels, 0, 0, 64, 64), 0, 4.0);
        // Forehead: the top tenth of the face box, far above the blended mouth.
        Assert.InRange(MeanAbsDiff(decoded, basePixels, crop.X + crop.Width / 4, crop.Y, crop.Width / 2, crop.Height / 10), 0, 4.0);
    }

    [Fact]
    public async Task TwoDifferentAudiosGiveDifferentMouthPixels()
    {
        var reversed = Out("reversed.wav");
        PipelineFixture.Ffmpeg("-i", PipelineFixture.Speech, "-af", "areverse", reversed);
        var a = Out("a.mp4");
        var b = Out("b.mp4");
        await fx.Pipeline.RenderAsync(new AnimationRequest(PipelineFixture.Astronaut, PipelineFixture.Speech, a), null, CancellationToken.None);
        await fx.Pipeline.RenderAsync(new AnimationRequest(PipelineFixture.Astronaut, reversed, b), null, CancellationToken.None);
        var (baseFrame, crop) = fx.BaseFrameAndCrop(fx.Options);
        baseFrame.Dispose();

        var frameA = await MediaProbe.DecodeFrameRgbAsync(a, 30, 512, 512);
        var frameB = await MediaProbe.DecodeFrameRgbAsync(b, 30, 512, 512);

        var mouth = MeanAbsDiff(frameA, frameB, crop.X + crop.Width / 4, crop.Y + crop.Height * 2 / 3, crop.Width / 2, crop.Height / 4);
        var corner = MeanAbsDiff(frameA, frameB, 0, 0, 64, 64);
        Assert.True(mouth > 1.0, $"mouth differs by only {mouth:F2}");
        Assert.True(mouth > 4 * corner, $"mouth {mouth:F2} vs corner {corner:F2}");
    }

    [Fact]
    public async Task ProgressIsMonotonicCoversEveryStageAndEndsAt100WithDone()
    {
        var progress = new RecordingProgress();

        await fx.Pipeline.RenderAsync(new AnimationRequest(PipelineFixture.Astronaut, PipelineFixture.Speech, Out("progress.mp4")), progress, CancellationToken.None);

        var reports = progress.Reports;
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.Percent >= p.First.Percent), "percent went backwards");
        Assert.Equal(new PipelineProgress(PipelineStage.Done, 100), reports[^1]);
        Assert.Single(reports, r => r.Stage == PipelineStage.Done);
        foreach (var stage in new[] { PipelineStage.Audio, PipelineStage.Face, PipelineStage.Inference, PipelineStage.Composite, PipelineStage.Encode })
            Assert.Contains(reports, r => r.Stage == stage);
        Assert.All(reports, r => Assert.InRange(r.Percent, 0, 100));
    }

    [Fact]
    public async Task CancellingDuringInferenceThrowsAndLeavesNoOutputFiles()
    {
        var output = Out("cancelled.mp4");
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fx.Pipeline.RenderAsync(
            new AnimationRequest(PipelineFixture.Astronaut, PipelineFixture.Speech, output), null,
            (i, _) => { if (i == 20) cts.Cancel(); }, cts.Token));

        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task PhotoWithoutAFaceFailsWithNoFaceAndWritesNothing()
    {
        var output = Out("cat.mp4");

        var e = await Assert.ThrowsAsync<EngineException>(() => fx.Pipeline.RenderAsync(
            new AnimationRequest(MediaProbe.TestData("images", "chelsea.png"), PipelineFixture.Speech, output), null, CancellationToken.None));

        Assert.Equal(EngineError.NoFace, e.Error);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Theory]
    [InlineData("astronaut.png")]
    // The photo is read while the audio is decoded: with both bad, the error must not depend on which finishes first.
    [InlineData("chelsea.png")]
    public async Task AudioThatIsNoAudioFailsWithCorruptAudioAndWritesNothing(string photo)
    {
        // ffmpeg for the video starts before the audio is decoded and reads this file too: the decoder's error is reported.
        var audio = Out("not-audio.wav");
        await File.WriteAllTextAsync(audio, "this is not a RIFF file, and no other audio either");
        var output = Out("never.mp4");

        var e = await Assert.ThrowsAsync<EngineException>(() => fx.Pipeline.RenderAsync(
            new AnimationRequest(MediaProbe.TestData("images", photo), audio, output), null, CancellationToken.None));

        Assert.Equal(EngineError.CorruptAudio, e.Error);
        Assert.Equal([audio], Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task BatchSizeDoesNotChangeTheFrames()
    {
        var one = fx.Create(fx.Options with { BatchSize = 1 }, fx.Model);
        var seven = fx.Create(fx.Options with { BatchSize = 7 }, fx.Model);
        var hashes = new List<string>[] { [], [] };
        foreach (var (pipeline, list) in new[] { (one, hashes[0]), (seven, hashes[1]) })
            await pipeline.RenderAsync(new AnimationRequest(PipelineFixture.Astronaut, PipelineFixture.Speech, Out($"b{list.GetHashCode()}.mp4")),
                null, (_, f) => list.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(f.Span))), CancellationToken.None);

        Assert.Equal(hashes[0], hashes[1]);
    }

    internal static double MeanAbsDiff(byte[] a, byte[] b, int x0, int y0, int w, int h)
    {
        long sum = 0;
        for (var y = y0; y < y0 + h; y++)
        for (var x = x0; x < x0 + w; x++)
        for (var c = 0; c < 3; c++)
        {
            var i = (y * 512 + x) * 3 + c;
            sum += Math.Abs(a[i] - b[i]);
        }
        return sum / (double)(w * h * 3);
    }
}
