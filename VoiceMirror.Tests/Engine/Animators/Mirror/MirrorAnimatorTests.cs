using VoiceMirror.Engine;
using VoiceMirror.Engine.Animators;
using VoiceMirror.Engine.Animators.Mirror;
using VoiceMirror.Engine.Vision;

namespace VoiceMirror.Tests.Engine.Animators.Mirror;

public class MirrorAnimatorTests
{
    [Fact]
    public async Task SceneWithoutLandmarksFailsWithModelMissing()
    {
        using var photo = MirrorData.Astronaut();
        var scene = Scene(photo, withLandmarks: false, frames: 3);
        var animator = new MirrorAnimator(new EngineOptions { ModelsDirectory = MediaProbe.TestData("models") });

        var e = await Assert.ThrowsAsync<EngineException>(async () =>
        {
            await foreach (var _ in animator.RenderAsync(scene, null, CancellationToken.None)) { }
        });
        Assert.Equal(EngineError.ModelMissing, e.Error);
        Assert.Contains("landmarks", e.Message);
    }

    [Fact]
    public async Task StreamsEveryFrameOfTheSceneInTrackOrderAndReportsProgress()
    {
        using var photo = MirrorData.Astronaut();
        var scene = Scene(photo, withLandmarks: true, frames: 7) with
        {
            Speech = new SpeechTrack(new float[16000], new float[80, 80],
                [new(0, "_"), new(0.04, "m"), new(0.08, "a"), new(0.16, "u"), new(0.24, "_")], "ru"),
        };
        var track = MirrorAnimator.Track(scene);
        Assert.Contains(track, p => p.Open > 0.3f); // the phonemes drive it, not the silent mel
        var animator = new MirrorAnimator(new EngineOptions { ModelsDirectory = MediaProbe.TestData("models") });
        var reference = new MirrorRenderer(photo, scene.Landmarks!);
        var expected = new byte[reference.FrameBytes];
        var progress = new List<int>();

        var index = 0;
        await foreach (var frame in animator.RenderAsync(scene, new SyncProgress(progress), CancellationToken.None))
        {
            reference.Render(track[index], 0f, expected);
            Assert.Equal(expected, frame.ToArray());
            index++;
        }

        Assert.Equal(7, index);
        Assert.Equal(7, progress[^1]);
        Assert.Equal("mirror", animator.Id);
    }

    [Fact]
    public async Task CancellationStopsTheStream()
    {
        using var photo = MirrorData.Astronaut();
        var scene = Scene(photo, withLandmarks: true, frames: 200);
        var animator = new MirrorAnimator(new EngineOptions { ModelsDirectory = MediaProbe.TestData("models") });
        using var cts = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in animator.RenderAsync(scene, null, cts.Token))
                if (++seen == 5) cts.Cancel();
        });
        Assert.Equal(5, seen);
    }

    private static AnimationScene Scene(SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24> photo, bool withLandmarks, int frames) =>
        new(photo, new FaceBox(177, 81, 95, 95, 0.9f), withLandmarks ? MirrorData.AstronautLandmarks : null,
            new SpeechTrack(new float[16000], new float[80, 80], null, null), frames, 25);

    /// <summary>Records reports as they happen (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class SyncProgress(List<int> seen) : IProgress<int>
    {
        public void Report(int value) => seen.Add(value);
    }
}
