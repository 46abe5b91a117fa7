using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine.Animators.Wav2Lip;

namespace VoiceMirror.Tests.Engine.Animators.Wav2Lip;

public class MouthBlenderTests
{
    [Fact]
    public void MaskIsOneAtTheMouthCentreAndZeroAtTheCropEdges()
    {
        Assert.Equal(1f, MouthBlender.MaskValue(MouthBlender.CentreX, MouthBlender.CentreY));
        foreach (var t in new[] { 0f, 0.25f, 0.5f, 0.75f, 1f })
        {
            Assert.Equal(0f, MouthBlender.MaskValue(t, 0f));
            Assert.Equal(0f, MouthBlender.MaskValue(t, 1f));
            Assert.Equal(0f, MouthBlender.MaskValue(0f, t));
            Assert.Equal(0f, MouthBlender.MaskValue(1f, t));
        }
    }

    [Fact]
    public void MaskCoversOnlyTheLowerFaceAndFadesSmoothly()
    {
        var mask = MouthBlender.BuildMask(100, 100);
        Assert.All(mask, v => Assert.InRange(v, 0f, 1f));
        // Nothing above the middle of the crop (eyes, nose bridge) and nothing at the cheeks' edges.
        for (var y = 0; y < 50; y++)
            for (var x = 0; x < 100; x++)
                Assert.Equal(0f, mask[y * 100 + x]);
        for (var y = 0; y < 100; y++)
            for (var x = 0; x < 13; x++)
                Assert.Equal(0f, mask[y * 100 + x]);
        Assert.Equal(1f, mask[72 * 100 + 50]);  // mouth
        Assert.True(mask[90 * 100 + 50] > 0f);  // chin is included
        // Down the centre column from the mouth the weight never rises and never jumps.
        for (var y = 73; y < 99; y++)
        {
            Assert.True(mask[y * 100 + 50] <= mask[(y - 1) * 100 + 50]);
            Assert.True(mask[(y - 1) * 100 + 50] - mask[y * 100 + 50] < 0.25f);
        }
    }

    [Fact]
    public void MaskHalfwayIntoTheFeatherIsOneHalf()
    {
        // d = (f + 1) / 2 → t = 1/2 → smoothstep = 1/2.
        var d = (MouthBlender.Feather + 1f) / 2f;
        Assert.Equal(0.5f, MouthBlender.MaskValue(MouthBlender.CentreX + d * MouthBlender.RadiusX, MouthBlender.CentreY), 5);
    }

    [Fact]
    public void PixelsOutsideTheMaskAreByteIdenticalAndTheMouthChanges()
    {
        const int w = 200, h = 160, s = 96;
        var box = new Rectangle(50, 30, 90, 100);
        using var frame = new Image<Rgb24>(w, h);
        var rng = new Random(3);
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                frame[x, y] = new Rgb24((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
        var baseBytes = new byte[w * h * 3];
        frame.CopyPixelDataTo(baseBytes);
        // Generated crop: pure green (BGR planes 0, 1, 0).
        var generated = new float[3 * s * s];
        generated.AsSpan(s * s, s * s).Fill(1f);
        var dest = new byte[w * h * 3];
        var blender = new MouthBlender(box, s);

        blender.Blend(frame, generated, dest);

        var mask = MouthBlender.BuildMask(box.Width, box.Height);
        var changed = 0;
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var inBox = box.Contains(x, y);
                var m = inBox ? mask[(y - box.Y) * box.Width + (x - box.X)] : 0f;
                var i = (y * w + x) * 3;
                if (m == 0f)
                    Assert.Equal(baseBytes.AsSpan(i, 3).ToArray(), dest.AsSpan(i, 3).ToArray());
                else if (dest.AsSpan(i, 3).SequenceCompareTo(baseBytes.AsSpan(i, 3)) != 0)
                    changed++;
            }
        Assert.True(changed > 1000, $"only {changed} pixels changed");
        // Where the mask is 1 the pixel is exactly the generated colour.
        var mouth = ((box.Y + (int)(0.725f * box.Height)) * w + box.X + box.Width / 2) * 3;
        Assert.Equal(new byte[] { 0, 255, 0 }, dest.AsSpan(mouth, 3).ToArray());
    }

    [Fact]
    public void CropBoxOutsideTheFrameIsRejected()
    {
        using var frame = new Image<Rgb24>(64, 64);
        var blender = new MouthBlender(new Rectangle(40, 40, 40, 40), 96);
        Assert.Throws<ArgumentException>(() => blender.Blend(frame, new float[3 * 96 * 96], new byte[64 * 64 * 3]));
    }

    [Fact]
    public void SampleTableMapsPixelCentres()
    {
        var t = MouthBlender.SampleTable(4, 2); // upscale 2 → 4: centres at -0.25, 0.25, 0.75, 1.25
        Assert.Equal((0, 1, 0f), t[0]);
        Assert.Equal((0, 1, 0.25f), t[1]);
        Assert.Equal((0, 1, 0.75f), t[2]);
        Assert.Equal((1, 1, 0f), t[3]);
    }
}
