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
        var animator = new MirrorAnimator(_ => [MouthPose.Closed]);

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
        var scene = Scene(photo, withLandmarks: true, frames: 7);
        // Shorter than the scene: the rest is closed lips.
        MouthPose[] track = [new(1f, 0f), new(0.5f, -1f), new(0.4f, 1f)];
        var animator = new MirrorAnimator(_ => track, _ => [0f, 0f, 0f, 1f]);
        var reference = new MirrorRenderer(photo, scene.Landmarks!);
        var expected = new byte[reference.FrameBytes];
        var progress = new List<int>();

        var index = 0;
        await foreach (var frame in animator.RenderAsync(scene, new SyncProgress(progress), CancellationToken.None))
        {
            reference.Render(index < track.Length ? track[index] : MouthPose.Closed, index == 3 ? 1f : 0f, expected);
            Assert.Equal(expected, frame.ToArray());
            index++;
        }

        Assert.Equal(7, index);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], progress);
        Assert.Equal("mirror", animator.Id);
    }

    [Fact]
    public async Task CancellationStopsTheStream()
    {
        using var photo = MirrorData.Astronaut();
        var scene = Scene(photo, withLandmarks: true, frames: 200);
        var animator = new MirrorAnimator(_ => [MouthPose.Closed]);
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
