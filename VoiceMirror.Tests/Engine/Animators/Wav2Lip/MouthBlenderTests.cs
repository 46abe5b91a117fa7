using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine.Animators.Wav2Lip;

namespace VoiceMirror.Tests.Engine.Animators.Wav2Lip;

public class MouthBlenderTests
{
    private const int S = 96;

    [Fact]
    public void EllipseIsOneAtTheMouthCentreAndZeroAtTheCropEdges()
    {
        Assert.Equal(1f, MouthMask.EllipseValue(MouthMask.CentreX, MouthMask.CentreY));
        foreach (var t in new[] { 0f, 0.25f, 0.5f, 0.75f, 1f })
        {
            Assert.Equal(0f, MouthMask.EllipseValue(t, 0f));
            Assert.Equal(0f, MouthMask.EllipseValue(t, 1f));
            Assert.Equal(0f, MouthMask.EllipseValue(0f, t));
            Assert.Equal(0f, MouthMask.EllipseValue(1f, t));
        }
        // d = (f + 1) / 2 → t = 1/2 → smoothstep = 1/2.
        var d = (MouthMask.Feather + 1f) / 2f;
        Assert.Equal(0.5f, MouthMask.EllipseValue(MouthMask.CentreX + d * MouthMask.RadiusX, MouthMask.CentreY), 5);
    }

    [Fact]
    public void WithoutAMeshTheMaskCoversOnlyTheLowerFaceAndFadesSmoothly()
    {
        var mask = MouthMask.Build(new UprightCrop(50, 50, 100, 100, 0), new Rectangle(0, 0, 100, 100), mesh: null);
        Assert.All(mask, v => Assert.InRange(v, 0f, 1f));
        for (var y = 0; y < 50; y++)
            for (var x = 0; x < 100; x++)
                Assert.Equal(0f, mask[y * 100 + x]);
        for (var y = 0; y < 100; y++)
            for (var x = 0; x < 13; x++)
                Assert.Equal(0f, mask[y * 100 + x]);
        Assert.Equal(1f, mask[72 * 100 + 50]);
        Assert.True(mask[90 * 100 + 50] > 0f);
        for (var y = 73; y < 99; y++)
        {
            Assert.True(mask[y * 100 + 50] <= mask[(y - 1) * 100 + 50]);
            Assert.True(mask[(y - 1) * 100 + 50] - mask[y * 100 + 50] < 0.25f);
        }
    }

    [Fact]
    public void ConvexHullDropsInnerPointsAndInsideDistanceIsSignedDistanceToTheNearestEdge()
    {
        var hull = MouthMask.ConvexHull([new(0, 0), new(10, 0), new(5, 5), new(10, 10), new(0, 10), new(2, 7)]);
        Assert.Equal(4, hull.Length);
        Assert.Equal(5f, MouthMask.InsideDistance(hull, 5, 5), 4);
        Assert.Equal(1f, MouthMask.InsideDistance(hull, 1, 5), 4);
        Assert.Equal(-2f, MouthMask.InsideDistance(hull, 12, 5), 4);
    }

    [Fact]
    public void UprightCropMapsBothWaysAndTurnsWithTheRoll()
    {
        var crop = new UprightCrop(100, 80, 60, 40, MathF.PI / 2);
        var p = crop.ToFrame(1, 0.5f); // the crop's right edge lies below the centre when turned 90° clockwise
        Assert.Equal(100f, p.X, 3);
        Assert.Equal(110f, p.Y, 3);
        var (u, v) = crop.ToCrop(87, 93);
        var back = crop.ToFrame(u, v);
        Assert.Equal(87f, back.X, 3);
        Assert.Equal(93f, back.Y, 3);
    }

    [Fact]
    public void PixelsOutsideTheMaskAreByteIdenticalAndFullWeightPixelsAreTheGeneratedColour()
    {
        const int w = 200, h = 160;
        using var frame = Noise(w, h, seed: 3);
        var baseBytes = Bytes(frame);
        var generated = new float[3 * S * S];
        generated.AsSpan(S * S, S * S).Fill(1f); // pure green: far from the (black) reference, so no photo detail
        var blender = new MouthBlender(new UprightCrop(95, 80, 90, 100, 0.2f), frame.Size(), S, null, new float[3 * S * S]);
        var dest = new byte[w * h * 3];

        blender.Blend(frame, generated, dest);

        var changed = 0;
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var i = (y * w + x) * 3;
                var m = blender.MaskAt(x, y);
                if (m == 0f) Assert.Equal(baseBytes.AsSpan(i, 3).ToArray(), dest.AsSpan(i, 3).ToArray());
                else if (m == 1f) Assert.Equal(new byte[] { 0, 255, 0 }, dest.AsSpan(i, 3).ToArray());
                if (m > 0f && !dest.AsSpan(i, 3).SequenceEqual(baseBytes.AsSpan(i, 3))) changed++;
            }
        Assert.True(changed > 1000, $"only {changed} pixels changed");
    }

    [Fact]
    public void AnOutputThatKeepsThePictureGivesThePhotoBackWithItsDetailAndABlurWithout()
    {
        // A model that changes nothing returns its reference input: the photo at 96 px.
        const int w = 240, h = 240;
        using var frame = Noise(w, h, seed: 5);
        var crop = new UprightCrop(120, 125, 150, 160, 0.35f);
        var input = Wav2LipAnimator.BuildFaceInput(frame, crop, S);
        var reference = input.AsSpan(3 * S * S, 3 * S * S).ToArray();
        var withDetail = new MouthBlender(crop, frame.Size(), S, null, reference);
        var lowOnly = new MouthBlender(crop, frame.Size(), S, null, reference) { KeepPhotoDetail = false };
        var (sharp, blurred) = (new byte[w * h * 3], new byte[w * h * 3]);

        withDetail.Blend(frame, reference, sharp);
        lowOnly.Blend(frame, reference, blurred);

        var photo = Bytes(frame);
        Assert.True(MaxAbsDiff(sharp, photo) <= 1, "the detail band did not restore the photo");
        Assert.True(MaxAbsDiff(blurred, photo) > 40, "without the detail band the noise should be smoothed away");
    }

    [Fact]
    public void EveryMaskedPixelIsTheTwoBandMixOfTheSampledOutputExactly()
    {
        // The blend's per-frame loop against its definition, pixel by pixel: sample the output and the reference where
        // the pixel falls in the crop, weigh the photo's detail back in, mix by the mask weight.
        const int w = 220, h = 200;
        using var frame = Noise(w, h, seed: 11);
        var crop = new UprightCrop(110, 105, 120, 130, -0.3f);
        var reference = Wav2LipAnimator.BuildFaceInput(frame, crop, S).AsSpan(3 * S * S, 3 * S * S).ToArray();
        var rng = new Random(4);
        // Near the reference in some places (detail kept), far in others (detail dropped), out of [0,1] at times.
        var generated = reference.Select(v => v + (rng.Next(3) == 0 ? (float)rng.NextDouble() * 1.4f - 0.7f : (float)rng.NextDouble() * 0.04f)).ToArray();
        var blender = new MouthBlender(crop, frame.Size(), S, null, reference);
        var dest = new byte[w * h * 3];

        blender.Blend(frame, generated, dest);

        var photo = Bytes(frame);
        Span<float> g = stackalloc float[3], low = stackalloc float[3];
        var checkedPixels = 0;
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var m = blender.MaskAt(x, y);
                if (m == 0f) continue;
                var (u, v) = crop.ToCrop(x + 0.5f, y + 0.5f);
                MouthBlender.SampleBgr(generated, S, u * S - 0.5f, v * S - 0.5f, g);
                MouthBlender.SampleBgr(reference, S, u * S - 0.5f, v * S - 0.5f, low);
                var k = MouthBlender.DetailWeight(g, low);
                for (var ch = 0; ch < 3; ch++)
                {
                    float p = photo[(y * w + x) * 3 + ch], value = g[ch] + k * (p - low[ch]);
                    var expected = (byte)Math.Clamp(MathF.Round(p + (value - p) * m), 0f, 255f);
                    Assert.Equal(expected, dest[(y * w + x) * 3 + ch]);
                }
                checkedPixels++;
            }
        Assert.True(checkedPixels > 2000, $"only {checkedPixels} pixels under the mask");
    }

    [Fact]
    public void ABlendRegionOutsideTheFrameIsRejected()
    {
        using var frame = new Image<Rgb24>(64, 64);
        var blender = new MouthBlender(new UprightCrop(60, 60, 40, 40, 0), new Size(100, 100), S, null, new float[3 * S * S]);
        Assert.Throws<ArgumentException>(() => blender.Blend(frame, new float[3 * S * S], new byte[64 * 64 * 3]));
    }

    [Fact]
    public void DetailWeightIsOneForAKeptPictureAndZeroForANewOne()
    {
        Assert.Equal(1f, MouthBlender.DetailWeight([100, 100, 100], [104, 96, 100]));
        Assert.Equal(0f, MouthBlender.DetailWeight([100, 100, 100], [160, 40, 100]));
        Assert.Equal(0.5f, MouthBlender.DetailWeight([100, 100, 100], [130, 70, 100]), 5);
    }

    private static Image<Rgb24> Noise(int w, int h, int seed)
    {
        var image = new Image<Rgb24>(w, h);
        var rng = new Random(seed);
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                image[x, y] = new Rgb24((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
        return image;
    }

    private static byte[] Bytes(Image<Rgb24> image)
    {
        var bytes = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(bytes);
        return bytes;
    }

    private static int MaxAbsDiff(byte[] a, byte[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));
}
