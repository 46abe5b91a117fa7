using SixLabors.ImageSharp;

namespace VoiceMirror.Engine.Vision.FaceMesh;

/// <summary>
/// The square, rotated part of an image that the landmark model sees: centre and side in image pixels, and the
/// roll in radians (y down, so positive turns the square clockwise on screen). The square's x axis runs along
/// the eye line, so the model always sees an upright face.
/// </summary>
public readonly record struct FaceRegion(float CenterX, float CenterY, float Size, float Rotation)
{
    /// <summary>
    /// Side of the square relative to the face: MediaPipe's face_landmark graphs scale the detection box and the
    /// landmarks' bounding box by 1.5 (25 % margin on every side), which is what the model was trained on.
    /// </summary>
    public const float Margin = 1.5f;

    /// <summary>Landmarks that give the roll on later passes (MediaPipe's rotation_vector indices): the outer eye corners.</summary>
    internal const int RightEyeOuter = 33, LeftEyeOuter = 263;

    /// <summary>The region for a detection: the box's centre, 1.5 x its longer side, rolled along BlazeFace's eye keypoints (0 without them).</summary>
    public static FaceRegion FromDetection(FaceBox face) =>
        new(face.X + face.Width / 2f, face.Y + face.Height / 2f, Math.Max(face.Width, face.Height) * Margin,
            face.Keypoints?.Roll ?? 0f);

    /// <summary>
    /// The region for landmarks of an earlier pass (how MediaPipe tracks a face): roll from the outer eye corners
    /// 33 → 263, the points' bounding box measured along that roll, its centre, 1.5 x its longer side.
    /// </summary>
    public static FaceRegion FromLandmarks(FaceLandmarks landmarks)
    {
        var right = landmarks[RightEyeOuter];
        var left = landmarks[LeftEyeOuter];
        var roll = MathF.Atan2(left.Y - right.Y, left.X - right.X);
        var (cos, sin) = (MathF.Cos(roll), MathF.Sin(roll));
        float minU = float.MaxValue, maxU = float.MinValue, minV = float.MaxValue, maxV = float.MinValue;
        for (var i = 0; i < FaceLandmarks.Count; i++)
        {
            var p = landmarks[i];
            var u = p.X * cos + p.Y * sin;   // along the eye line
            var v = -p.X * sin + p.Y * cos;  // across it, towards the chin
            minU = Math.Min(minU, u); maxU = Math.Max(maxU, u);
            minV = Math.Min(minV, v); maxV = Math.Max(maxV, v);
        }
        var (cu, cv) = ((minU + maxU) / 2, (minV + maxV) / 2);
        return new FaceRegion(cu * cos - cv * sin, cu * sin + cv * cos, Math.Max(maxU - minU, maxV - minV) * Margin, roll);
    }

    /// <summary>
    /// Image pixel of the region point (u, v), both in [0,1] from the square's top-left corner along its own axes:
    /// centre + Size * ((u - ½) * (cos r, sin r) + (v - ½) * (-sin r, cos r)).
    /// </summary>
    public PointF ToImage(float u, float v)
    {
        var (cos, sin) = (MathF.Cos(Rotation), MathF.Sin(Rotation));
        var (a, b) = ((u - 0.5f) * Size, (v - 0.5f) * Size);
        return new PointF(CenterX + a * cos - b * sin, CenterY + a * sin + b * cos);
    }
}
