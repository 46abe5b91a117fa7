using SixLabors.ImageSharp;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Engine.Animators.Wav2Lip;

/// <summary>
/// Where the generated face replaces the photo, weight 0..1 per frame pixel. With the face mesh: the lips and jaw,
/// a convex polygon of the outer lip ring (grown from the mouth centre, so the lips' surroundings move with them) and
/// the lower face oval around the chin, weight 1 inside and fading to 0 over a feather outside it; capped above by a
/// fade that starts at the bottom of the nose, which the model must not redraw. Without a mesh: a feathered ellipse
/// over mouth and chin in crop coordinates. Either way the weight fades to 0 at the crop's border.
/// </summary>
public static class MouthMask
{
    // The ellipse in crop-relative units: centred on the mouth, spanning rows ≈ 0.50..0.95 and
    // columns 0.14..0.86 (inset from the cheeks' edges, which Wav2Lip draws poorly).
    internal const float CentreX = 0.5f, CentreY = 0.725f, RadiusX = 0.36f, RadiusY = 0.225f;
    // Fraction of the radius where the fade to the photo begins.
    internal const float Feather = 0.55f;

    /// <summary>MediaPipe's outer lip ring.</summary>
    internal static readonly int[] OuterLips = [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185];
    /// <summary>The face oval from below one mouth corner round the chin (152) to below the other: the part of the jaw that moves.</summary>
    internal static readonly int[] LowerOval = [58, 172, 136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365, 397, 288];
    /// <summary>MediaPipe's nose bottom (subnasale): nothing above it is blended.</summary>
    internal const int NoseBottom = 2;
    // The lip ring grows by this factor around the mouth centre: the skin between lips and nose moves with the lips.
    internal const float LipGrowth = 1.3f;
    // Feather width outside the polygon as a fraction of the mouth's width (corner 61 to corner 291).
    internal const float PolygonFeather = 0.25f;
    // The fade below the nose reaches 1 at this fraction of the way from the nose bottom to the upper lip's inner centre (13).
    internal const float UnderNose = 0.5f;
    // Crop-relative width of the fade at the crop's border.
    internal const float BorderFade = 0.06f;

    /// <summary>The mask over <paramref name="bounds"/> (row-major), for the generated crop <paramref name="crop"/>.</summary>
    public static float[] Build(UprightCrop crop, Rectangle bounds, FaceLandmarks? mesh)
    {
        var polygon = mesh is null ? null : LipsAndJaw(mesh);
        var feather = mesh is null ? 0f : PolygonFeather * Distance(mesh[61], mesh[291]);
        var nose = mesh is null ? default : mesh[NoseBottom];
        var underNose = mesh is null ? 0f : UnderNose * Distance(nose, mesh[13]);
        var (cos, sin) = (MathF.Cos(crop.Rotation), MathF.Sin(crop.Rotation));
        var mask = new float[bounds.Width * bounds.Height];
        for (var y = 0; y < bounds.Height; y++)
            for (var x = 0; x < bounds.Width; x++)
            {
                float fx = bounds.X + x + 0.5f, fy = bounds.Y + y + 0.5f;
                var (u, v) = crop.ToCrop(fx, fy);
                var border = SmoothStep(0f, BorderFade, Math.Min(Math.Min(u, 1 - u), Math.Min(v, 1 - v)));
                if (border == 0f) continue;
                // Below the nose is measured along the face's own down axis (-sin r, cos r).
                var shape = polygon is null ? EllipseValue(u, v)
                    : SmoothStep(-feather, 0f, InsideDistance(polygon, fx, fy))
                      * SmoothStep(0f, underNose, -(fx - nose.X) * sin + (fy - nose.Y) * cos);
                mask[y * bounds.Width + x] = Math.Min(border, shape);
            }
        return mask;
    }

    /// <summary>
    /// Ellipse weight at crop point (u, v): with d = sqrt(((u-cx)/rx)² + ((v-cy)/ry)²), 1 for d ≤ f, 0 for d ≥ 1,
    /// 1 - smoothstep(f, 1, d) between.
    /// </summary>
    internal static float EllipseValue(float u, float v)
    {
        var dx = (u - CentreX) / RadiusX;
        var dy = (v - CentreY) / RadiusY;
        return 1f - SmoothStep(Feather, 1f, MathF.Sqrt(dx * dx + dy * dy));
    }

    /// <summary>Convex hull (counter-clockwise on screen) of the grown lip ring and the lower face oval.</summary>
    internal static PointF[] LipsAndJaw(FaceLandmarks mesh)
    {
        PointF c = Mid(mesh[13], mesh[14]);
        var points = OuterLips.Select(i => mesh[i])
            .Select(p => new PointF(c.X + (p.X - c.X) * LipGrowth, c.Y + (p.Y - c.Y) * LipGrowth))
            .Concat(LowerOval.Select(i => mesh[i]));
        return ConvexHull(points.ToList());
    }

    /// <summary>
    /// Distance of (x, y) inside a convex polygon to its nearest edge (negative outside): the smallest signed distance
    /// to the edges' lines, which for a convex polygon is exact inside.
    /// </summary>
    internal static float InsideDistance(PointF[] hull, float x, float y)
    {
        var best = float.MaxValue;
        for (var i = 0; i < hull.Length; i++)
        {
            PointF a = hull[i], b = hull[(i + 1) % hull.Length];
            float ex = b.X - a.X, ey = b.Y - a.Y;
            var length = MathF.Sqrt(ex * ex + ey * ey);
            if (length == 0f) continue;
            // Left of a→b is inside for a hull that turns left (the cross product below is positive inside).
            best = Math.Min(best, (ex * (y - a.Y) - ey * (x - a.X)) / length);
        }
        return best;
    }

    /// <summary>Andrew's monotone chain; every turn of the result has the same sign as <see cref="InsideDistance"/> expects.</summary>
    internal static PointF[] ConvexHull(List<PointF> points)
    {
        points.Sort((p, q) => p.X != q.X ? p.X.CompareTo(q.X) : p.Y.CompareTo(q.Y));
        var hull = new List<PointF>();
        foreach (var pass in new[] { points, Enumerable.Reverse(points).ToList() })
        {
            var start = hull.Count;
            foreach (var p in pass)
            {
                while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], p) <= 0) hull.RemoveAt(hull.Count - 1);
                hull.Add(p);
            }
            hull.RemoveAt(hull.Count - 1);
        }
        return [.. hull];
    }

    internal static float SmoothStep(float edge0, float edge1, float x)
    {
        var t = Math.Clamp((x - edge0) / (edge1 - edge0), 0f, 1f);
        return t * t * (3f - 2f * t);
    }

    private static float Cross(PointF o, PointF a, PointF b) => (a.X - o.X) * (b.Y - o.Y) - (a.Y - o.Y) * (b.X - o.X);
    private static PointF Mid(PointF a, PointF b) => new((a.X + b.X) / 2, (a.Y + b.Y) / 2);
    private static float Distance(PointF a, PointF b) => MathF.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}
