using System.Numerics;
using VoiceMirror.Engine.Vision.FaceMesh;
using VoiceMirror.Tests.Engine.Animators.Mirror;

namespace VoiceMirror.Tests.Engine.Vision.FaceMesh;

public class FaceMeshTopologyTests
{
    [Fact]
    public void MeshHas898TrianglesOverAll468Landmarks()
    {
        Assert.Equal(898, FaceMeshTopology.TriangleCount);
        var used = new HashSet<int>();
        foreach (var i in FaceMeshTopology.Triangles)
        {
            Assert.InRange(i, 0, FaceLandmarks.Count - 1);
            used.Add(i);
        }
        Assert.Equal(FaceLandmarks.Count, used.Count);
    }

    [Fact]
    public void EveryEdgeBoundsTwoTrianglesExceptTheFaceOvalWhichBoundsOne()
    {
        var uses = new Dictionary<(int, int), int>();
        var t = FaceMeshTopology.Triangles;
        for (var k = 0; k < t.Length; k += 3)
            foreach (var (a, b) in new[] { (t[k], t[k + 1]), (t[k + 1], t[k + 2]), (t[k + 2], t[k]) })
                uses[(Math.Min(a, b), Math.Max(a, b))] = uses.GetValueOrDefault((Math.Min(a, b), Math.Max(a, b))) + 1;

        var oval = FaceMeshTopology.FaceOval.ToArray();
        var ovalEdges = oval.Select((a, i) => (Math.Min(a, oval[(i + 1) % oval.Length]), Math.Max(a, oval[(i + 1) % oval.Length]))).ToHashSet();
        Assert.Equal(36, ovalEdges.Count);
        foreach (var (edge, n) in uses)
            Assert.Equal(ovalEdges.Contains(edge) ? 1 : 2, n);
    }

    [Fact]
    public void ContoursRunCornerToCornerAndCloseIntoRings()
    {
        AssertPair(FaceMeshTopology.OuterLipUpper, FaceMeshTopology.OuterLipLower, 61, 291, FaceMeshTopology.OuterLipRing);
        AssertPair(FaceMeshTopology.InnerLipUpper, FaceMeshTopology.InnerLipLower, 78, 308, FaceMeshTopology.InnerLipRing);
        AssertPair(FaceMeshTopology.RightEyeUpper, FaceMeshTopology.RightEyeLower, 33, 133, FaceMeshTopology.RightEyeRing);
        AssertPair(FaceMeshTopology.LeftEyeUpper, FaceMeshTopology.LeftEyeLower, 263, 362, FaceMeshTopology.LeftEyeRing);
        Assert.Contains(13, FaceMeshTopology.InnerLipUpper.ToArray());
        Assert.Contains(14, FaceMeshTopology.InnerLipLower.ToArray());
        Assert.Contains(159, FaceMeshTopology.RightEyeUpper.ToArray());
        Assert.Contains(374, FaceMeshTopology.LeftEyeLower.ToArray());
        Assert.Equal(36, FaceMeshTopology.FaceOval.Length);
        Assert.Equal(10, FaceMeshTopology.FaceOval[0]);
    }

    [Fact]
    public void HoleTrianglesFillTheMouthAndEyesWithContourPointsOnly()
    {
        var inner = FaceMeshTopology.InnerLipRing.ToArray().ToHashSet();
        var eyes = FaceMeshTopology.LeftEyeRing.ToArray().Concat(FaceMeshTopology.RightEyeRing.ToArray()).ToHashSet();
        var t = FaceMeshTopology.Triangles;
        var (mouthStart, mouthCount) = FaceMeshTopology.MouthHoleTriangles.GetOffsetAndLength(FaceMeshTopology.TriangleCount);
        var (eyeStart, eyeCount) = FaceMeshTopology.EyeHoleTriangles.GetOffsetAndLength(FaceMeshTopology.TriangleCount);
        Assert.Equal(18, mouthCount);
        Assert.Equal(28, eyeCount);
        for (var k = mouthStart; k < mouthStart + mouthCount; k++)
            Assert.All(new[] { t[3 * k], t[3 * k + 1], t[3 * k + 2] }, i => Assert.Contains(i, inner));
        for (var k = eyeStart; k < eyeStart + eyeCount; k++)
            Assert.All(new[] { t[3 * k], t[3 * k + 1], t[3 * k + 2] }, i => Assert.Contains(i, eyes));
    }

    [Fact]
    public void TrianglesTileTheCanonicalFaceWithoutOverlap()
    {
        // Laid flat (frontal projection of MediaPipe's canonical face), the triangles' areas add up to the oval's
        // area exactly when none overlaps another and none is missing.
        var lm = MirrorData.CanonicalLandmarks;
        var t = FaceMeshTopology.Triangles;
        var sum = 0.0;
        for (var k = 0; k < t.Length; k += 3)
            sum += Math.Abs(Cross(P(lm, t[k]), P(lm, t[k + 1]), P(lm, t[k + 2]))) / 2;
        var oval = FaceMeshTopology.FaceOval;
        var ovalArea = 0.0;
        for (var i = 0; i < oval.Length; i++)
        {
            var a = P(lm, oval[i]);
            var b = P(lm, oval[(i + 1) % oval.Length]);
            ovalArea += (a.X * b.Y - b.X * a.Y) / 2.0;
        }
        Assert.InRange(sum / Math.Abs(ovalArea), 0.995, 1.005);
    }

    private static Vector2 P(FaceLandmarks lm, int i) => new(lm[i].X, lm[i].Y);

    private static double Cross(Vector2 a, Vector2 b, Vector2 c) => (b.X - a.X) * (c.Y - a.Y) - (b.Y - a.Y) * (c.X - a.X);

    private static void AssertPair(ReadOnlySpan<int> upper, ReadOnlySpan<int> lower, int first, int last, ReadOnlySpan<int> ring)
    {
        Assert.Equal(first, upper[0]);
        Assert.Equal(first, lower[0]);
        Assert.Equal(last, upper[^1]);
        Assert.Equal(last, lower[^1]);
        Assert.Equal(upper.Length + lower.Length - 2, ring.Length);
        Assert.Equal(ring.Length, ring.ToArray().Distinct().Count());
        // Consecutive ring points (and last → first) are the contour's own edges.
        var edges = new HashSet<(int, int)>();
        foreach (var contour in new[] { upper.ToArray(), lower.ToArray() })
            for (var i = 0; i + 1 < contour.Length; i++) edges.Add((Math.Min(contour[i], contour[i + 1]), Math.Max(contour[i], contour[i + 1])));
        for (var i = 0; i < ring.Length; i++)
            Assert.Contains((Math.Min(ring[i], ring[(i + 1) % ring.Length]), Math.Max(ring[i], ring[(i + 1) % ring.Length])), edges);
    }
}
