using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine.Vision;

namespace VoiceMirror.Tests.Engine.Vision;

public class FaceCropTests
{
    [Fact]
    public void PaddedBoxGrowsByThePads()
    {
        var box = FaceCrop.PaddedBox(new FaceBox(100, 80, 90, 95, 0.9f), new Size(512, 512), 5, 10, 3, 4);
        Assert.Equal(Rectangle.FromLTRB(97, 75, 194, 185), box);
    }

    [Fact]
    public void PaddedBoxIsClampedToTheImage()
    {
        var box = FaceCrop.PaddedBox(new FaceBox(-10, 5, 120, 100, 0.9f), new Size(100, 90), 20, 10, 5, 5);
        Assert.Equal(Rectangle.FromLTRB(0, 0, 100, 90), box);
    }

    [Fact]
    public void ModelInputIsBgrOverTwoFiveFiveWithLowerHalfMaskedInFirstThreeChannelsOnly()
    {
        const int s = 8;
        // Quadrants with distinct colours: top-left, top-right, bottom-left, bottom-right.
        Rgb24[] quad = [new(10, 20, 30), new(40, 50, 60), new(70, 80, 90), new(200, 150, 100)];
        using var crop = new Image<Rgb24>(s, s);
        for (var y = 0; y < s; y++)
            for (var x = 0; x < s; x++)
                crop[x, y] = quad[(y < s / 2 ? 0 : 2) + (x < s / 2 ? 0 : 1)];
        var dest = new float[6 * s * s];

        FaceCrop.WriteModelInput(crop, dest);

        for (var y = 0; y < s; y++)
            for (var x = 0; x < s; x++)
            {
                var p = quad[(y < s / 2 ? 0 : 2) + (x < s / 2 ? 0 : 1)];
                float[] bgr = [p.B / 255f, p.G / 255f, p.R / 255f];
                var lower = y >= s / 2;
                for (var c = 0; c < 3; c++)
                {
                    Assert.Equal(lower ? 0f : bgr[c], dest[(c * s + y) * s + x]);
                    Assert.Equal(bgr[c], dest[((c + 3) * s + y) * s + x]);
                }
            }
        Assert.Equal(30 / 255f, dest[0]); // channel 0 is blue
    }

    [Fact]
    public void NonSquareCropIsRejected()
    {
        using var crop = new Image<Rgb24>(8, 6);
        Assert.Throws<ArgumentException>(() => FaceCrop.WriteModelInput(crop, new float[6 * 64]));
    }
}
