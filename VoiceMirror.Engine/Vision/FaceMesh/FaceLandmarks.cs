using SixLabors.ImageSharp;

namespace VoiceMirror.Engine.Vision.FaceMesh;

/// <summary>
/// MediaPipe Face Mesh's 468 points in pixel coordinates of one image (x right, y down), with z in the same scale
/// (smaller = nearer the camera). Indices follow MediaPipe's canonical mesh: 13/14 are the inner-lip centres,
/// 61/291 the mouth corners, 159/145 and 386/374 the eyelid centres.
/// </summary>
public sealed class FaceLandmarks
{
    public const int Count = 468;

    /// <summary>x0, y0, z0, x1, y1, z1, … (<see cref="Count"/> × 3 values).</summary>
    public float[] Values { get; }

    public FaceLandmarks(float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Count * 3)
            throw new ArgumentException($"Expected {Count * 3} values (468 points x 3), got {values.Length}.", nameof(values));
        Values = values;
    }

    public PointF this[int index] => new(Values[index * 3], Values[index * 3 + 1]);
}
