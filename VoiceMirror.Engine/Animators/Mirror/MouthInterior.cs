using System.Numerics;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Engine.Animators.Mirror;

/// <summary>
/// Paints what shows between parted lips, inside the target inner-lip polygon: a cavity of darkened lip colour
/// (darkest in the middle, toward the throat), the upper teeth hanging from where the lips meet when closed (they
/// belong to the skull, so they stay while the lips move; the upper lip uncovers them as it lifts), and the tongue's
/// top rising from the lower lip. Edges are anti-aliased by the pixel's signed distance to the polygon.
/// </summary>
internal sealed class MouthInterior
{
    private readonly FaceAxes _axes;
    private readonly Vector2[] _seam, _sourceGap;
    private readonly Vector3 _cavity, _tongue, _teeth;
    private readonly float _toothDrop;

    public MouthInterior(ReadOnlySpan<byte> baseRgb, int width, int height, ReadOnlySpan<Vector2> points, FaceAxes axes)
    {
        _axes = axes;
        var upper = axes.ContourSortedByU(points, FaceMeshTopology.InnerLipUpper);
        var lower = axes.ContourSortedByU(points, FaceMeshTopology.InnerLipLower);
        _seam = new Vector2[upper.Length];
        _sourceGap = new Vector2[upper.Length];
        for (var i = 0; i < upper.Length; i++)
        {
            var below = Shape.AtU(lower, upper[i].X);
            _seam[i] = new Vector2(upper[i].X, (upper[i].Y + below) / 2);
            _sourceGap[i] = new Vector2(upper[i].X, MathF.Max(0f, below - upper[i].Y));
        }
        _toothDrop = 0.012f * axes.Height;

        var lip = LipColour(baseRgb, width, height, points);
        var skin = Sample(baseRgb, width, height, (points[50] + points[280] + points[101] + points[330]) / 4);
        _cavity = lip * new Vector3(0.36f, 0.2f, 0.21f);
        _tongue = lip * new Vector3(0.78f, 0.5f, 0.54f);
        // Teeth: off-white, lit like the face (a dim photo gets dimmer teeth), in the mouth's shade.
        var light = Math.Clamp(Luma(skin) / 175f, 0.6f, 1.05f);
        _teeth = new Vector3(224, 214, 194) * light;
    }

    /// <summary>Paints the interior for the deformed <paramref name="target"/> points into <paramref name="dest"/>.</summary>
    /// <param name="rounding">0 … 1 for how rounded the lips are (negative spread): rounded lips cover the teeth.</param>
    public void Paint(ReadOnlySpan<Vector2> target, Span<byte> dest, int width, int height, float rounding)
    {
        var ring = FaceMeshTopology.InnerLipRing;
        Span<Vector2> polygon = stackalloc Vector2[ring.Length];
        var min = new Vector2(float.MaxValue);
        var max = new Vector2(float.MinValue);
        for (var i = 0; i < ring.Length; i++)
        {
            polygon[i] = target[ring[i]];
            min = Vector2.Min(min, polygon[i]);
            max = Vector2.Max(max, polygon[i]);
        }
        var upper = _axes.ContourSortedByU(target, FaceMeshTopology.InnerLipUpper);
        var lower = _axes.ContourSortedByU(target, FaceMeshTopology.InnerLipLower);
        var left = upper[0].X;
        var right = upper[^1].X;
        var mid = (left + right) / 2;
        var halfWidth = MathF.Max((right - left) / 2, 1f);
        var centreGap = Shape.AtU(lower, mid) - Shape.AtU(upper, mid);
        // Teeth show once the mouth is open enough for light to reach them.
        var teethVisibility = Shape.SmoothStep(0.01f * _axes.Height, 0.04f * _axes.Height, centreGap) * (1f - 0.7f * rounding);

        var x0 = Math.Max(0, (int)MathF.Floor(min.X) - 2);
        var x1 = Math.Min(width - 1, (int)MathF.Ceiling(max.X) + 2);
        var y0 = Math.Max(0, (int)MathF.Floor(min.Y) - 2);
        var y1 = Math.Min(height - 1, (int)MathF.Ceiling(max.Y) + 2);
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                var p = new Vector2(x + 0.5f, y + 0.5f);
                var f = _axes.ToFace(p);
                var top = Shape.AtU(upper, f.X);
                var bottom = Shape.AtU(lower, f.X);
                var o = (y * width + x) * 3;

                // Where lips meet (closed, or nearly), a soft dark line: it hides the pixel steps along the seam
                // between two differently coloured lips. Only where the lips moved, so a still photo stays as it is;
                // darker where a wide gap was shut, whose lip edges bordered teeth and would leave a pale seam that
                // reads as parted lips.
                var across = Math.Clamp((f.X - mid) / halfWidth, -1f, 1f);
                var sourceGap = Shape.AtU(_sourceGap, f.X);
                var line = (0.42f + 0.18f * Shape.SmoothStep(0.01f * _axes.Height, 0.03f * _axes.Height, sourceGap))
                    * (1f - Shape.SmoothStep(0.35f, 1.4f, MathF.Abs(f.Y - (top + bottom) / 2) - MathF.Max(bottom - top, 0f) / 2))
                    * (1f - Shape.SmoothStep(0.75f, 1f, MathF.Abs(across))) * (1f - Shape.SmoothStep(0.5f, 2.5f, bottom - top))
                    * Shape.SmoothStep(0.5f, 1.5f, MathF.Max(sourceGap, bottom - top));
                if (line > 0f) Blend(dest, o, _cavity * 1.5f, line);

                if (centreGap <= 0.5f) continue;
                // Well inside or outside the lips, measured along the face, needs no exact distance to the outline.
                var inside = MathF.Min(f.Y - top, bottom - f.Y);
                if (inside < -1.5f) continue;
                var coverage = inside > 1.5f && MathF.Abs(across) < 0.9f ? 1f : Math.Clamp(SignedDistance(polygon, p) + 0.5f, 0f, 1f);
                if (coverage <= 0f) continue;
                var gap = MathF.Max(bottom - top, 0.5f);
                var t = Math.Clamp((f.Y - top) / gap, 0f, 1f);
                var a = Math.Clamp((f.X - mid) / halfWidth, -1f, 1f);

                // Cavity: darker toward the middle, where the mouth is deepest.
                var depth = Shape.Arch(a) * MathF.Sin(MathF.PI * t);
                var colour = _cavity * (1f - 0.55f * depth * Math.Min(1f, centreGap / (0.08f * _axes.Height)));

                // Tongue: a low arch resting on the lower lip, its back in shadow.
                var tongueTop = bottom - 0.32f * gap * Shape.Arch(a * 1.15f);
                var tongue = Math.Clamp((f.Y - tongueTop) / 1.5f + 0.5f, 0f, 1f) * Shape.SmoothStep(1f, 3f, bottom - tongueTop);
                if (tongue > 0f)
                    colour = Vector3.Lerp(colour, _tongue * (0.7f + 0.3f * Math.Clamp((f.Y - tongueTop) / (bottom - tongueTop + 1e-3f), 0f, 1f)), tongue);

                // Upper teeth: their lower edge follows the closed-lip seam; shaded toward the corners and just under the lip.
                var gapToTooth = ToothGapDistance(f.X - mid);
                var teethEdge = Shape.AtU(_seam, f.X) + _toothDrop * Shape.Arch(a) - 0.7f * (1f - Shape.SmoothStep(0f, 1.5f, gapToTooth));
                var teeth = teethVisibility * Math.Clamp((teethEdge - f.Y) / 1.2f + 0.5f, 0f, 1f) * (1f - Shape.SmoothStep(0.75f, 0.98f, MathF.Abs(a)));
                if (teeth > 0f)
                {
                    var shade = (1f - 0.45f * a * a) * (0.72f + 0.28f * Shape.SmoothStep(0f, 0.02f * _axes.Height, f.Y - top))
                        * (0.86f + 0.14f * Shape.SmoothStep(0f, 1f, gapToTooth)) * ToothTint(f.X - mid);
                    colour = Vector3.Lerp(colour, _teeth * shade, teeth);
                }

                Blend(dest, o, colour, coverage);
            }
        }
    }

    private static void Blend(Span<byte> dest, int offset, Vector3 colour, float alpha)
    {
        dest[offset] = (byte)Math.Clamp(dest[offset] + alpha * (colour.X - dest[offset]) + 0.5f, 0f, 255f);
        dest[offset + 1] = (byte)Math.Clamp(dest[offset + 1] + alpha * (colour.Y - dest[offset + 1]) + 0.5f, 0f, 255f);
        dest[offset + 2] = (byte)Math.Clamp(dest[offset + 2] + alpha * (colour.Z - dest[offset + 2]) + 0.5f, 0f, 255f);
    }

    /// <summary>
    /// Pixels from a point (u across the mouth from its middle) to the nearest gap between two upper teeth. The teeth
    /// stand on an arch seen from the front, so equal steps of angle on it (the incisors' width at the middle) come
    /// closer together toward the corners; the middle gap sits between the two front incisors.
    /// </summary>
    private float ToothGapDistance(float u)
    {
        var radius = 0.2f * _axes.Height;
        var toothAngle = 0.042f * _axes.Height / radius;
        var angle = MathF.Asin(Math.Clamp(u / radius, -0.99f, 0.99f));
        var phase = angle / toothAngle;
        return MathF.Abs(phase - MathF.Round(phase)) * toothAngle * radius * MathF.Cos(angle);
    }

    /// <summary>No two teeth are quite the same shade: a fixed ±4 % per tooth, so the row does not look tiled.</summary>
    private float ToothTint(float u)
    {
        var radius = 0.2f * _axes.Height;
        var tooth = (int)MathF.Floor(MathF.Asin(Math.Clamp(u / radius, -0.99f, 0.99f)) / (0.042f * _axes.Height / radius));
        var hash = (uint)(tooth * 374761393) ^ 0x9E3779B9u;
        hash = (hash ^ (hash >> 13)) * 1274126177u;
        return 0.96f + 0.08f * ((hash >> 8) & 0xFF) / 255f;
    }

    /// <summary>Distance from p to the polygon's outline, positive inside.</summary>
    internal static float SignedDistance(ReadOnlySpan<Vector2> polygon, Vector2 p)
    {
        var best = float.MaxValue;
        for (int i = 0, j = polygon.Length - 1; i < polygon.Length; j = i++)
        {
            var a = polygon[j];
            var ab = polygon[i] - a;
            var len = ab.LengthSquared();
            var k = len > 0 ? Math.Clamp(Vector2.Dot(p - a, ab) / len, 0f, 1f) : 0f;
            best = MathF.Min(best, Vector2.DistanceSquared(p, a + ab * k));
        }
        var d = MathF.Sqrt(best);
        return Shape.InsidePolygon(polygon, p) ? d : -d;
    }

    private static Vector3 LipColour(ReadOnlySpan<byte> rgb, int width, int height, ReadOnlySpan<Vector2> points)
    {
        // Midway between outer and inner contour is lip, whatever the photo's mouth is doing.
        var sum = Vector3.Zero;
        var n = 0;
        for (var i = 2; i < FaceMeshTopology.OuterLipUpper.Length - 2; i++)
        {
            sum += Sample(rgb, width, height, (points[FaceMeshTopology.OuterLipUpper[i]] + points[FaceMeshTopology.InnerLipUpper[i]]) / 2);
            sum += Sample(rgb, width, height, (points[FaceMeshTopology.OuterLipLower[i]] + points[FaceMeshTopology.InnerLipLower[i]]) / 2);
            n += 2;
        }
        return sum / n;
    }

    private static Vector3 Sample(ReadOnlySpan<byte> rgb, int width, int height, Vector2 p)
    {
        Span<byte> c = stackalloc byte[3];
        MeshWarp.Bilinear(rgb, width, height, p.X, p.Y, c);
        return new Vector3(c[0], c[1], c[2]);
    }

    private static float Luma(Vector3 c) => 0.299f * c.X + 0.587f * c.Y + 0.114f * c.Z;
}
