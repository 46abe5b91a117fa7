using System.Numerics;
using VoiceMirror.Engine.Animators.Mirror;

namespace VoiceMirror.Tests.Engine.Animators.Mirror;

public class FoldGuardTests
{
    // A square of two triangles around a centre point: 0 1 2 3 corners, 4 the centre.
    private static readonly Vector2[] Source = [new(0, 0), new(10, 0), new(10, 10), new(0, 10), new(5, 5)];
    private static readonly int[] Triangles = [0, 1, 4, 1, 2, 4, 2, 3, 4, 3, 0, 4];

    [Fact]
    public void CentrePushedOutsideItsSquareIsPulledBackUntilNoTriangleFolds()
    {
        var guard = new FoldGuard(Source, Triangles, movable: 5);
        var displacement = new Vector2[5];
        displacement[4] = new Vector2(8, 0); // centre to (13, 5): beyond the right edge, two triangles inside out

        var folded = guard.Repair(Source, displacement);

        Assert.True(folded > 0);
        for (var k = 0; k < Triangles.Length; k += 3)
        {
            var before = Area(Source, Triangles, k, null);
            var after = Area(Source, Triangles, k, displacement);
            Assert.True(after / before >= FoldGuard.MinAreaKept, $"triangle {k / 3}: {before} -> {after}");
        }
    }

    [Fact]
    public void UnfoldedMeshIsLeftExactlyAsItIs()
    {
        var guard = new FoldGuard(Source, Triangles, movable: 5);
        Vector2[] displacement = [new(1, 0), new(1, 0), new(0, 1), new(0, 0), new(2, 1)];
        var before = displacement.ToArray();

        Assert.Equal(0, guard.Repair(Source, displacement));
        Assert.Equal(before, displacement);
    }

    [Fact]
    public void PointsFromTheFirstPinnedIndexOnNeverMove()
    {
        // The centre first, then the corners, which are pinned like the renderer's static skirt.
        Vector2[] source = [new(5, 5), new(0, 0), new(10, 0), new(10, 10), new(0, 10)];
        int[] triangles = [1, 2, 0, 2, 3, 0, 3, 4, 0, 4, 1, 0];
        var guard = new FoldGuard(source, triangles, movable: 1);
        var displacement = new Vector2[5];
        displacement[0] = new Vector2(8, 0);

        guard.Repair(source, displacement);

        Assert.All(displacement[1..], d => Assert.Equal(Vector2.Zero, d));
        Assert.True(source[0].X + displacement[0].X < 10f, $"centre still at {source[0] + displacement[0]}");
    }

    private static float Area(Vector2[] p, int[] t, int k, Vector2[]? d)
    {
        Vector2 Pt(int i) => p[t[i]] + (d?[t[i]] ?? Vector2.Zero);
        Vector2 a = Pt(k), b = Pt(k + 1), c = Pt(k + 2);
        return ((b.X - a.X) * (c.Y - a.Y) - (b.Y - a.Y) * (c.X - a.X)) / 2;
    }
}
