using SixLabors.ImageSharp;
using VoiceMirror.Engine.Vision;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Tests.Engine.Vision.FaceMesh;

public class FaceRegionTests
{
    [Fact]
    public void DetectionRegionIsTheBoxCentreWithHalfAgainItsLongerSideRolledAlongTheEyes()
    {
        var face = new FaceBox(100, 50, 80, 100, 0.9f)
        {
            Keypoints = new FaceKeypoints(new(120, 80), new(160, 120), default, default, default, default),
        };

        var region = FaceRegion.FromDetection(face);

        Assert.Equal(new FaceRegion(140, 100, 150, MathF.PI / 4), region);
        Assert.Equal(0f, FaceRegion.FromDetection(face with { Keypoints = null }).Rotation);
    }

    [Fact]
    public void ToImageMapsTheSquareCornersThroughTheRotation()
    {
        var region = new FaceRegion(100, 100, 20, MathF.PI / 2);

        // Turned a quarter clockwise: the square's top-left corner lands at the image's top-right of the centre.
        AssertNear(new PointF(110, 90), region.ToImage(0, 0));
        AssertNear(new PointF(110, 110), region.ToImage(1, 0));
        AssertNear(new PointF(100, 100), region.ToImage(0.5f, 0.5f));
    }

    [Fact]
    public void LandmarkRegionFollowsTheOuterEyeCornersAndFramesThePoints()
    {
        // All points on a 40 x 60 rectangle turned by 30 degrees, the eye corners on its top edge.
        var roll = MathF.PI / 6;
        var values = new float[FaceLandmarks.Count * 3];
        for (var i = 0; i < FaceLandmarks.Count; i++)
        {
            var (u, v) = i switch { 33 => (-20f, -30f), 263 => (20f, -30f), _ => (i % 2 == 0 ? -20f : 20f, i % 3 == 0 ? 30f : -30f) };
            values[3 * i] = 200 + u * MathF.Cos(roll) - v * MathF.Sin(roll);
            values[3 * i + 1] = 150 + u * MathF.Sin(roll) + v * MathF.Cos(roll);
        }

        var region = FaceRegion.FromLandmarks(new FaceLandmarks(values));

        Assert.Equal(roll, region.Rotation, 4);
        Assert.Equal(200f, region.CenterX, 3);
        Assert.Equal(150f, region.CenterY, 3);
        Assert.Equal(60 * FaceRegion.Margin, region.Size, 3);
    }

    private static void AssertNear(PointF expected, PointF actual)
    {
        Assert.Equal(expected.X, actual.X, 3);
        Assert.Equal(expected.Y, actual.Y, 3);
    }
}
