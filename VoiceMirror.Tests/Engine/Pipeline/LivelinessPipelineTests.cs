using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine.Animators;
using VoiceMirror.Engine.Audio;
using VoiceMirror.Engine.Motion;
using VoiceMirror.Engine.Pipeline;
using VoiceMirror.Engine.Vision;

namespace VoiceMirror.Tests.Engine.Pipeline;

/// <summary>What the frames of a built-in engine render hold away from the face, with liveliness off and on.</summary>
public sealed class LivelinessPipelineTests(PipelineFixture fx) : IClassFixture<PipelineFixture>, IDisposable
{
    private readonly string _dir = MediaProbe.NewTempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task WithLivelinessOffEveryPixelAwayFromTheFaceIsThePhotoByteForByte()
    {
        var (basePixels, face) = BaseFrame();
        var region = Grow(face, 0.35);
        int frames = 0, outside = 0, facesChanged = 0;
        await Render(liveliness: false, (_, frame) =>
        {
            var span = frame.Span;
            var changed = false;
            for (var y = 0; y < 512; y++)
            for (var x = 0; x < 512; x++)
            {
                var i = (y * 512 + x) * 3;
                var same = span[i] == basePixels[i] && span[i + 1] == basePixels[i + 1] && span[i + 2] == basePixels[i + 2];
                if (!region.Contains(x, y)) outside += same ? 0 : 1;
                else changed |= !same;
            }
            frames++;
            if (changed) facesChanged++;
        });
        Assert.True(frames > 100);
        Assert.Equal(0, outside);
        Assert.True(facesChanged > frames / 3, $"the face changed in {facesChanged} of {frames} frames");
    }

    [Fact]
    public async Task WithLivelinessOnTheBackgroundMovesOnlyWithTheHeadTransformAndTheEdgesStayFilled()
    {
        var (basePixels, face) = BaseFrame();
        var region = Grow(face, 0.35);
        var track = await LivelinessTrackOfAsync(seed: 7);
        var expected = new byte[basePixels.Length];
        int frames = 0, moved = 0, mismatches = 0;
        await Render(liveliness: true, (index, frame) =>
        {
            var motion = track[index];
            // Away from the face, a frame is the photo moved by this frame's head transform, nothing else.
            HeadMotion.Apply(basePixels, expected, 512, 512, motion with { Blink = 0 }, Centre(face));
            var span = frame.Span;
            for (var y = 0; y < 512; y += 2)
            for (var x = 0; x < 512; x += 2)
            {
                if (InsideMoved(region, motion, face, x, y)) continue;
                var i = (y * 512 + x) * 3;
                if (span[i] != expected[i] || span[i + 1] != expected[i + 1] || span[i + 2] != expected[i + 2]) mismatches++;
            }
            if (motion.MovesHead) moved++;
            frames++;
        }, seed: 7);
        Assert.Equal(0, mismatches);
        Assert.True(moved > frames / 2, $"the head moved in {moved} of {frames} frames");
    }

    private async Task Render(bool liveliness, Action<int, ReadOnlyMemory<byte>> observe, int seed = 1)
    {
        var options = fx.Options with { DefaultEngine = "mirror" };
        await fx.CreateWithMirror(options).RenderAsync(
            new AnimationRequest(PipelineFixture.Astronaut, PipelineFixture.Speech, Path.Combine(_dir, $"{Guid.NewGuid():N}.mp4"))
            {
                Liveliness = liveliness, Seed = seed,
            }, null, observe, CancellationToken.None);
    }

    private async Task<IReadOnlyList<LivelinessFrame>> LivelinessTrackOfAsync(int seed)
    {
        using var photo = PhotoLoader.Load(PipelineFixture.Astronaut);
        using var frame = PhotoLoader.FitToFrame(photo, 512, 512);
        var face = fx.Faces.DetectSingle(frame, 48);
        var samples = await new AudioDecoder(fx.Options).DecodeAsync(PipelineFixture.Speech, default);
        var mel = MelSpectrogram.Compute(samples);
        var count = MelWindows.FrameCount(samples.Length, 25);
        var scene = new AnimationScene(frame, face, fx.Mesh.Detect(frame, face), new SpeechTrack(samples, mel, null, "ru"), count, 25);
        return new Liveliness(scene, seed).Track;
    }

    private (byte[] Pixels, FaceBox Face) BaseFrame()
    {
        using var photo = PhotoLoader.Load(PipelineFixture.Astronaut);
        using var frame = PhotoLoader.FitToFrame(photo, 512, 512);
        var pixels = new byte[512 * 512 * 3];
        frame.CopyPixelDataTo(pixels);
        return (pixels, fx.Faces.DetectSingle(frame, 48));
    }

    private static Rectangle Grow(FaceBox face, double by)
    {
        int dx = (int)(face.Width * by), dy = (int)(face.Height * by);
        return new Rectangle(face.X - dx, face.Y - dy, face.Width + 2 * dx, face.Height + 2 * dy + (int)(face.Height * 0.3));
    }

    private static PointF Centre(FaceBox face) => new(face.X + face.Width / 2f, face.Y + face.Height / 2f);

    // The face region, carried by the head transform, plus a margin for its rounding.
    private static bool InsideMoved(Rectangle region, LivelinessFrame motion, FaceBox face, int x, int y)
    {
        var margin = 12;
        var shiftX = motion.ShiftX * 512;
        var shiftY = motion.ShiftY * 512;
        return x >= region.Left + shiftX - margin && x <= region.Right + shiftX + margin
            && y >= region.Top + shiftY - margin && y <= region.Bottom + shiftY + margin;
    }
}
