using System.Numerics;
using VoiceMirror.Engine.Animators.Mirror;

namespace VoiceMirror.Tests.Engine.Animators.Mirror;

public class MeshWarpTests
{
    private const int W = 64, H = 48;

    [Fact]
    public void IdenticalSourceAndTargetLeaveEveryByteUnchanged()
    {
        var source = Noise(1);
        var dest = Noise(2);
        var expected = dest.ToArray();
        Vector2[] points = [new(3, 4), new(60, 6), new(30, 45), new(62, 44)];

        MeshWarp.Warp(source, W, H, points, points, [0, 1, 2, 1, 3, 2], dest, featherPx: 0.75f);

        Assert.Equal(expected, dest);
    }

    [Fact]
    public void TranslatedTriangleCarriesThePixelsByTheTranslation()
    {
        var source = Noise(3);
        var dest = new byte[W * H * 3];
        Vector2[] from = [new(5, 5), new(35, 8), new(12, 30)];
        var shift = new Vector2(7, 4);
        Vector2[] to = [from[0] + shift, from[1] + shift, from[2] + shift];

        MeshWarp.Warp(source, W, H, from, to, [0, 1, 2], dest);

        var inside = 0;
        for (var y = 0; y < H; y++)
            for (var x = 0; x < W; x++)
            {
                var o = (y * W + x) * 3;
                var centre = new Vector2(x + 0.5f, y + 0.5f);
                if (Inside(to, centre, 0.01f))
                {
                    // An integer shift samples exactly on the source pixel grid: the same bytes, moved.
                    var s = ((y - 4) * W + x - 7) * 3;
                    Assert.Equal(source.AsSpan(s, 3).ToArray(), dest.AsSpan(o, 3).ToArray());
                    inside++;
                }
                else if (!Inside(to, centre, -1.5f))
                    Assert.Equal(new byte[3], dest.AsSpan(o, 3).ToArray());
            }
        Assert.InRange(inside, 250, 400);
    }

    [Fact]
    public void ScaledTriangleSamplesBilinearlyWhereTheAffineMapPoints()
    {
        var source = Noise(4);
        var dest = new byte[W * H * 3];
        Vector2[] from = [new(10, 10), new(30, 10), new(10, 30)];
        // Target = source scaled by 2 about (10, 10): target pixel centre p maps back to 10 + (p - 10) / 2.
        Vector2[] to = [new(10, 10), new(50, 10), new(10, 50)];

        MeshWarp.Warp(source, W, H, from, to, [0, 1, 2], dest);

        foreach (var (x, y) in new[] { (12, 12), (20, 15), (31, 11), (14, 30) })
        {
            var sx = 10 + (x + 0.5f - 10) / 2;
            var sy = 10 + (y + 0.5f - 10) / 2;
            // Bilinear by hand, pixel centres at +0.5.
            float fx = sx - 0.5f, fy = sy - 0.5f;
            int x0 = (int)fx, y0 = (int)fy;
            float wx = fx - x0, wy = fy - y0;
            for (var ch = 0; ch < 3; ch++)
            {
                float At(int px, int py) => source[(py * W + px) * 3 + ch];
                var expected = (1 - wy) * ((1 - wx) * At(x0, y0) + wx * At(x0 + 1, y0)) + wy * ((1 - wx) * At(x0, y0 + 1) + wx * At(x0 + 1, y0 + 1));
                Assert.InRange(dest[(y * W + x) * 3 + ch], expected - 1, expected + 1);
            }
        }
    }

    [Fact]
    public void TrianglesThatDoNotMoveAreNotDrawnEvenBesideOnesThatDo()
    {
        var source = Noise(5);
        var dest = Noise(6);
        var before = dest.ToArray();
        Vector2[] from = [new(2, 2), new(30, 2), new(2, 40), new(60, 40)];
        Vector2[] to = [new(2, 2), new(30, 2), new(2, 40), new(50, 30)];

        MeshWarp.Warp(source, W, H, from, to, [0, 1, 2, 1, 3, 2], dest);

        // Pixels strictly inside the still triangle keep the destination's bytes.
        Vector2[] still = [from[0], from[1], from[2]];
        var checkedPixels = 0;
        for (var y = 0; y < H; y++)
            for (var x = 0; x < W; x++)
                if (Inside(still, new Vector2(x + 0.5f, y + 0.5f), 1f))
                {
                    Assert.Equal(before.AsSpan((y * W + x) * 3, 3).ToArray(), dest.AsSpan((y * W + x) * 3, 3).ToArray());
                    checkedPixels++;
                }
        Assert.True(checkedPixels > 300);
        Assert.NotEqual(before, dest);
    }

    private static byte[] Noise(int seed)
    {
        var bytes = new byte[W * H * 3];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Whether p is inside the triangle by at least <paramref name="margin"/> px (negative: within that distance outside).</summary>
    private static bool Inside(Vector2[] t, Vector2 p, float margin)
    {
        var sign = MathF.Sign(Cross(t[0], t[1], t[2]));
        for (var i = 0; i < 3; i++)
        {
            var a = t[i];
            var b = t[(i + 1) % 3];
            var distance = sign * Cross(a, b, p) / Vector2.Distance(a, b);
            if (distance < margin) return false;
        }
        return true;
    }

    private static float Cross(Vector2 a, Vector2 b, Vector2 c) => (b.X - a.X) * (c.Y - a.Y) - (b.Y - a.Y) * (c.X - a.X);
}
