using System.Numerics;
using VoiceMirror.Engine.Animators.Mirror;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Tests.Engine.Animators.Mirror;

public class MouthRigTests
{
    public static TheoryData<string> Faces => ["astronaut", "canonical", "tilted"];

    [Theory]
    [MemberData(nameof(Faces))]
    public void OpenZeroPullsTheInnerLipsTogether(string face)
    {
        var renderer = Renderer(face);
        // The astronaut smiles with her teeth showing (13–14 about 7 % of the face apart); closed means touching.
        var gap = InnerGap(renderer.Deform(MouthPose.Closed, 0f));
        Assert.True(gap <= 0.01f * renderer.FaceHeight, $"gap {gap:F2} px of face {renderer.FaceHeight:F0} px");
        Assert.True(InnerGap(renderer.SourcePoints) > 0.02f * renderer.FaceHeight, "the test faces have parted lips");
    }

    [Fact]
    public void ShutLipsOfASmileRestLevelWhileSpeakingOnesKeepTheSmile()
    {
        // Pressed together, a smile's thin upturned lips still read as parted (to the face mesh model too), so the
        // astronaut's shut mouth rests neutral; once it opens for speech, her smile is back.
        var renderer = Renderer("astronaut");
        var source = renderer.SourcePoints.ToArray();
        var axes = FaceAxes.Of(source, (source[13] + source[14]) / 2);
        float CornerRise(ReadOnlySpan<Vector2> p) =>
            ((axes.ToFace(p[13]).Y + axes.ToFace(p[14]).Y) - (axes.ToFace(p[78]).Y + axes.ToFace(p[308]).Y)) / 2 / renderer.FaceHeight;

        Assert.True(CornerRise(source) > 0.03f, $"the photo smiles: corners {CornerRise(source):P1} above the middle");
        var shut = CornerRise(renderer.Deform(MouthPose.Closed, 0f));
        Assert.True(MathF.Abs(shut) < 0.01f, $"shut corners {shut:P1} above the middle");
        var speaking = CornerRise(renderer.Deform(new MouthPose(0.3f, 0f), 0f));
        Assert.True(speaking > 0.03f, $"speaking corners {speaking:P1} above the middle");
    }

    [Theory]
    [MemberData(nameof(Faces))]
    public void OpenOneGivesAGapOf12To18PercentOfTheFace(string face)
    {
        var renderer = Renderer(face);
        var gap = InnerGap(renderer.Deform(new MouthPose(1f, 0f), 0f)) / renderer.FaceHeight;
        Assert.InRange(gap, 0.12f, 0.18f);
    }

    [Theory]
    [MemberData(nameof(Faces))]
    public void GapGrowsWithOpenWhateverTheSpread(string face)
    {
        var renderer = Renderer(face);
        foreach (var spread in new[] { -1f, 0f, 1f })
        {
            var previous = -1f;
            for (var open = 0f; open <= 1.001f; open += 0.1f)
            {
                var gap = InnerGap(renderer.Deform(new MouthPose(open, spread), 0f));
                Assert.True(gap > previous, $"open {open:F1} spread {spread}: {gap} after {previous}");
                previous = gap;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Faces))]
    public void SpreadWidensAndRoundingNarrowsTheMouth(string face)
    {
        var renderer = Renderer(face);
        float Width(MouthPose p)
        {
            var t = renderer.Deform(p, 0f);
            return Vector2.Distance(t[61], t[291]);
        }
        var neutral = Width(new MouthPose(0.4f, 0f));
        Assert.True(Width(new MouthPose(0.4f, 1f)) > neutral * 1.05f);
        Assert.True(Width(new MouthPose(0.4f, -1f)) < neutral * 0.9f);
    }

    [Theory]
    [MemberData(nameof(Faces))]
    public void NothingAboveTheNoseTipMovesWithTheMouth(string face)
    {
        var renderer = Renderer(face);
        var source = renderer.SourcePoints.ToArray();
        var down = Vector2.Normalize(source[152] - source[10]);
        var noseTip = Vector2.Dot(source[1], down);
        var above = Enumerable.Range(0, FaceLandmarks.Count).Where(i => Vector2.Dot(source[i], down) < noseTip).ToArray();
        Assert.True(above.Length > 200);
        foreach (var pose in Grid())
        {
            var target = renderer.Deform(pose, 0f);
            foreach (var i in above) Assert.Equal(source[i], target[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Faces))]
    public void NoTriangleFoldsOverForAnyPoseOrBlink(string face)
    {
        var renderer = Renderer(face);
        var source = renderer.SourcePoints.ToArray();
        // The warped triangles plus the eye openings, which the rig closes but the warp leaves to the photo.
        var (eyeStart, eyeCount) = FaceMeshTopology.EyeHoleTriangles.GetOffsetAndLength(FaceMeshTopology.TriangleCount);
        var (mouthStart, mouthCount) = FaceMeshTopology.MouthHoleTriangles.GetOffsetAndLength(FaceMeshTopology.TriangleCount);
        var triangles = renderer.Triangles.ToArray().Concat(FaceMeshTopology.Triangles.Slice(eyeStart * 3, eyeCount * 3).ToArray()).ToArray();
        var openings = FaceMeshTopology.Triangles.Slice(mouthStart * 3, mouthCount * 3).ToArray()
            .Concat(FaceMeshTopology.Triangles.Slice(eyeStart * 3, eyeCount * 3).ToArray()).Chunk(3)
            .Select(t => (t[0], t[1], t[2])).ToHashSet();
        var flips = new List<string>();
        foreach (var blink in new[] { 0f, 0.5f, 1f })
            foreach (var pose in Grid())
            {
                var target = renderer.Deform(pose, blink);
                for (var k = 0; k < triangles.Length; k += 3)
                {
                    // Sub-pixel slivers at the lip corners have no reliable orientation to keep.
                    var before = Area(source, triangles, k);
                    if (MathF.Abs(before) < 0.5f) continue;
                    var after = Area(target, triangles, k);
                    // Openings may close to nothing (lips or lids meeting, a sub-pixel overlap at most) but never turn
                    // inside out; the rest of the face keeps its orientation outright.
                    var opening = openings.Contains((triangles[k], triangles[k + 1], triangles[k + 2]));
                    if (after * MathF.Sign(before) < (opening ? -0.5f : 0f))
                        flips.Add($"{triangles[k]},{triangles[k + 1]},{triangles[k + 2]} at {pose}, blink {blink}: {before:F2} -> {after:F2}");
                }
            }
        Assert.True(flips.Count == 0, $"{flips.Count} flips: " + string.Join("; ", flips.GroupBy(f => f[(f.IndexOf(" at ") + 4)..f.IndexOf(':')]).Select(g => g.Key + " x" + g.Count() + " e.g. " + g.First()[..g.First().IndexOf(' ')])));
    }

    internal static IEnumerable<MouthPose> Grid()
    {
        for (var open = 0f; open <= 1.001f; open += 0.125f)
            for (var spread = -1f; spread <= 1.001f; spread += 0.25f)
                yield return new MouthPose(open, spread);
    }

    internal static MirrorRenderer Renderer(string face)
    {
        using var photo = MirrorData.Astronaut();
        return new MirrorRenderer(photo, MirrorData.Named(face));
    }

    private static float InnerGap(ReadOnlySpan<Vector2> points) => Vector2.Distance(points[13], points[14]);

    private static float Area(ReadOnlySpan<Vector2> p, int[] t, int k)
    {
        Vector2 a = p[t[k]], b = p[t[k + 1]], c = p[t[k + 2]];
        return ((b.X - a.X) * (c.Y - a.Y) - (b.Y - a.Y) * (c.X - a.X)) / 2;
    }
}
