using System.Numerics;
using VoiceMirror.Engine.Animators.Mirror;
using VoiceMirror.Engine.Vision.FaceMesh;
using Xunit.Abstractions;

namespace VoiceMirror.Tests.Engine.Animators.Mirror;

public class MirrorRendererTests(ITestOutputHelper output)
{
    [Fact]
    public void PixelsOutsideTheMovingTrianglesStayByteIdenticalToThePhoto()
    {
        using var photo = MirrorData.Astronaut();
        var basePixels = MirrorData.Pixels(photo);
        var renderer = new MirrorRenderer(photo, MirrorData.AstronautLandmarks);
        var frame = new byte[renderer.FrameBytes];
        var source = renderer.SourcePoints.ToArray();
        var triangles = renderer.Triangles.ToArray();

        foreach (var (pose, blink) in new[] { (new MouthPose(1f, 0f), 0f), (new MouthPose(0.5f, -1f), 1f), (MouthPose.Closed, 0.5f) })
        {
            renderer.Render(pose, blink, frame);
            var target = renderer.Deform(pose, blink).ToArray();
            // Everything a moving triangle (source or target side) or the mouth can touch, one pixel wider.
            var touched = new bool[renderer.Width * renderer.Height];
            for (var k = 0; k < triangles.Length; k += 3)
            {
                int a = triangles[k], b = triangles[k + 1], c = triangles[k + 2];
                if (source[a] == target[a] && source[b] == target[b] && source[c] == target[c]) continue;
                Mark(touched, renderer.Width, renderer.Height, target[a], target[b], target[c]);
            }
            var changed = 0;
            var outside = 0;
            for (var i = 0; i < touched.Length; i++)
            {
                var same = basePixels.AsSpan(i * 3, 3).SequenceEqual(frame.AsSpan(i * 3, 3));
                if (!touched[i])
                {
                    Assert.True(same, $"pixel {i % renderer.Width},{i / renderer.Width} changed outside the animated region at {pose}, blink {blink}");
                    outside++;
                }
                else if (!same) changed++;
            }
            Assert.True(outside > renderer.Width * renderer.Height / 2);
            Assert.True(changed > 100, $"only {changed} pixels changed at {pose}");
        }
    }

    [Fact]
    public void OpenMouthShowsTeethUnderTheUpperLipAndADarkCavityBelow()
    {
        using var photo = MirrorData.Astronaut();
        var renderer = new MirrorRenderer(photo, MirrorData.AstronautLandmarks);
        var frame = new byte[renderer.FrameBytes];
        renderer.Render(new MouthPose(1f, 0f), 0f, frame);
        var t = renderer.Deform(new MouthPose(1f, 0f), 0f);
        var top = t[13];
        var bottom = t[14];

        var teeth = Luma(frame, renderer.Width, Vector2.Lerp(top, bottom, 0.12f));
        var cavity = Luma(frame, renderer.Width, Vector2.Lerp(top, bottom, 0.55f));
        Assert.True(teeth > 140, $"teeth luma {teeth}");
        Assert.True(cavity < 70, $"cavity luma {cavity}");
    }

    [Fact]
    public void FullBlinkCoversTheIrisWithLid()
    {
        using var photo = MirrorData.Astronaut();
        var basePixels = MirrorData.Pixels(photo);
        var renderer = new MirrorRenderer(photo, MirrorData.AstronautLandmarks);
        var frame = new byte[renderer.FrameBytes];
        renderer.Render(MouthPose.Closed, 1f, frame);
        var s = renderer.SourcePoints;

        foreach (var (upper, lower) in new[] { (159, 145), (386, 374) })
        {
            // Just above the middle of the open eye: iris in the photo, lid skin once shut.
            var p = Vector2.Lerp(s[upper], s[lower], 0.3f);
            var before = Luma(basePixels, renderer.Width, p);
            var after = Luma(frame, renderer.Width, p);
            Assert.True(after > before + 40, $"eye {upper}: luma {before} -> {after}");
        }
    }

    [Fact]
    public void PhotoWithClosedLipsChangesOnlyAlongTheLipSeamAtRest()
    {
        using var photo = MirrorData.Astronaut();
        // Landmarks of a face whose lips already touch: the canonical face's, closed by the rig itself (to within
        // a pixel or so near the corners, as a landmark model would place them).
        var closed = MouthRigTests.Renderer("canonical").Deform(MouthPose.Closed, 0f).ToArray();
        var values = MirrorData.CanonicalLandmarks.Values.ToArray();
        for (var i = 0; i < FaceLandmarks.Count; i++)
        {
            values[i * 3] = closed[i].X;
            values[i * 3 + 1] = closed[i].Y;
        }
        var renderer = new MirrorRenderer(photo, new FaceLandmarks(values));
        var frame = new byte[renderer.FrameBytes];

        renderer.Render(MouthPose.Closed, 0f, frame);

        // What may change: around the seam between the lips (the hair of a gap that closing leaves near the corners
        // is shut, fading over the lips, and the contact line is drawn along it); nothing above the nose base, below the
        // chin or beside the mouth.
        var lips = FaceMeshTopology.OuterLipRing.ToArray().Select(i => closed[i]).ToArray();
        float minX = lips.Min(p => p.X) - 2, maxX = lips.Max(p => p.X) + 2, minY = closed[2].Y, maxY = closed[152].Y;
        var basePixels = MirrorData.Pixels(photo);
        var changed = 0;
        for (var i = 0; i < frame.Length; i++)
        {
            if (frame[i] == basePixels[i]) continue;
            changed++;
            var (x, y) = (i / 3 % renderer.Width, i / 3 / renderer.Width);
            Assert.True(x >= minX && x <= maxX && y >= minY && y <= maxY, $"pixel {x},{y} outside the lips changed");
        }
        output.WriteLine($"{changed} of {frame.Length} bytes changed");
        Assert.True(changed < frame.Length / 1000, $"{changed} bytes changed");
    }

    [Fact]
    public void RenderSpeedPerFrame()
    {
        using var photo = MirrorData.Astronaut();
        var renderer = new MirrorRenderer(photo, MirrorData.AstronautLandmarks);
        var ms = MirrorBenchmark.MillisecondsPerFrame(renderer);
        // Printed, not asserted: speed belongs to benchmarks, and this machine is shared.
        output.WriteLine($"{ms:F2} ms per {renderer.Width}x{renderer.Height} frame (mouth sweeping closed to wide, blinks)");
        Assert.True(ms > 0);
    }

    private static float Luma(byte[] rgb, int width, Vector2 p)
    {
        var o = ((int)p.Y * width + (int)p.X) * 3;
        return 0.299f * rgb[o] + 0.587f * rgb[o + 1] + 0.114f * rgb[o + 2];
    }

    private static void Mark(bool[] mask, int width, int height, Vector2 a, Vector2 b, Vector2 c)
    {
        var x0 = Math.Max(0, (int)MathF.Floor(MathF.Min(a.X, MathF.Min(b.X, c.X))) - 1);
        var x1 = Math.Min(width - 1, (int)MathF.Ceiling(MathF.Max(a.X, MathF.Max(b.X, c.X))) + 1);
        var y0 = Math.Max(0, (int)MathF.Floor(MathF.Min(a.Y, MathF.Min(b.Y, c.Y))) - 1);
        var y1 = Math.Min(height - 1, (int)MathF.Ceiling(MathF.Max(a.Y, MathF.Max(b.Y, c.Y))) + 1);
        for (var y = y0; y <= y1; y++)
            for (var x = x0; x <= x1; x++)
                mask[y * width + x] = true;
    }
}
