using System.Numerics;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Engine.Animators.Mirror;

/// <summary>
/// Moves mesh points for a blink: at each point across the eye the upper lid travels 85 % of the lid gap down and
/// the lower lid 15 % up, so they meet at Blink 1. The skin above the lid follows, fading over 1.6 eye heights
/// (it stretches like a real lid and leaves the brow in place); below, over 1.2 eye heights. Outside the eye's
/// corners nothing moves. The eye's interior is not warped: the lid slides over it (see <see cref="MirrorRenderer"/>).
/// </summary>
internal sealed class EyeRig
{
    private const float UpperTravel = 0.85f;
    private readonly FaceAxes _axes;
    private readonly float[] _down;

    public EyeRig(ReadOnlySpan<Vector2> points)
    {
        _axes = FaceAxes.Of(points, points[168]);
        _down = new float[points.Length];
        AddEye(points, FaceMeshTopology.RightEyeUpper, FaceMeshTopology.RightEyeLower);
        AddEye(points, FaceMeshTopology.LeftEyeUpper, FaceMeshTopology.LeftEyeLower);
    }

    public void AddDisplacement(float blink, Span<Vector2> displacement)
    {
        blink = Math.Clamp(blink, 0f, 1f);
        if (blink <= 0f) return;
        for (var i = 0; i < displacement.Length; i++)
            if (_down[i] != 0f) displacement[i] += _axes.VectorToImage(0f, blink * _down[i]);
    }

    private void AddEye(ReadOnlySpan<Vector2> points, ReadOnlySpan<int> upperContour, ReadOnlySpan<int> lowerContour)
    {
        var upper = _axes.ContourSortedByU(points, upperContour);
        var lower = _axes.ContourSortedByU(points, lowerContour);
        var cornerLeft = MathF.Min(upper[0].X, lower[0].X);
        var cornerRight = MathF.Max(upper[^1].X, lower[^1].X);
        var mid = (cornerLeft + cornerRight) / 2;
        var eyeHeight = MathF.Max(Shape.AtU(lower, mid) - Shape.AtU(upper, mid), 0.03f * _axes.Height);

        for (var i = 0; i < points.Length; i++)
        {
            var p = _axes.ToFace(points[i]);
            if (p.X <= cornerLeft || p.X >= cornerRight) continue;
            var top = Shape.AtU(upper, p.X);
            var bottom = Shape.AtU(lower, p.X);
            var gap = MathF.Max(0f, bottom - top);
            if (gap <= 0f) continue;
            // Contour points are matched by label, not by position: on a nearly shut eye both lids share a line.
            var isUpper = upperContour.Contains(i);
            var isLower = !isUpper && lowerContour.Contains(i);
            if (isUpper || (!isLower && p.Y <= top + gap / 2))
                _down[i] += UpperTravel * gap * (1f - Shape.SmoothStep(0f, 1.6f * eyeHeight, top - p.Y));
            else
                _down[i] -= (1f - UpperTravel) * gap * (1f - Shape.SmoothStep(0f, 1.2f * eyeHeight, p.Y - bottom));
        }
    }
}
