using SixLabors.ImageSharp;

namespace VoiceMirror.Engine.Vision;

/// <summary>A detected face in image pixels: top-left corner, size and detector confidence in [0,1].</summary>
public readonly record struct FaceBox(int X, int Y, int Width, int Height, float Score)
{
    /// <summary>BlazeFace's six keypoints in the same pixels (not clamped to the image); null when not detected.</summary>
    public FaceKeypoints? Keypoints { get; init; }
}

/// <summary>
/// BlazeFace's keypoints in image pixels. Right and left are the subject's: in an upright, unmirrored photo
/// <see cref="RightEye"/> is the eye on the image's left.
/// </summary>
public sealed record FaceKeypoints(PointF RightEye, PointF LeftEye, PointF NoseTip, PointF Mouth, PointF RightEar, PointF LeftEar)
{
    /// <summary>Roll of the eye line in radians, atan2 of right eye → left eye (y down: positive = turned clockwise on screen).</summary>
    public float Roll => MathF.Atan2(LeftEye.Y - RightEye.Y, LeftEye.X - RightEye.X);

    internal static FaceKeypoints FromFlat(ReadOnlySpan<float> xy) => new(
        new(xy[0], xy[1]), new(xy[2], xy[3]), new(xy[4], xy[5]), new(xy[6], xy[7]), new(xy[8], xy[9]), new(xy[10], xy[11]));
}
