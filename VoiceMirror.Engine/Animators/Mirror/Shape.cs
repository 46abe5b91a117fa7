using System.Numerics;

namespace VoiceMirror.Engine.Animators.Mirror;

/// <summary>Small shaping functions the rigs share.</summary>
internal static class Shape
{
    /// <summary>0 below <paramref name="edge0"/>, 1 above <paramref name="edge1"/>, Hermite in between.</summary>
    public static float SmoothStep(float edge0, float edge1, float x)
    {
        if (edge1 <= edge0) return x < edge0 ? 0f : 1f;
        var t = Math.Clamp((x - edge0) / (edge1 - edge0), 0f, 1f);
        return t * t * (3f - 2f * t);
    }

    /// <summary>Half-ellipse bump: 1 at 0, 0 at |t| ≥ 1, with a vertical tangent at the ends.</summary>
    public static float Arch(float t) => MathF.Abs(t) >= 1f ? 0f : MathF.Sqrt(1f - t * t);

    /// <summary>
    /// A profile across the mouth, (1 - t²)^power: 1 in the middle, 0 at |t| ≥ 1. Power below 1 gives a mouth
    /// opening's lens-shaped corner; power 1 or more a finite slope at the edge, which keeps the mesh from folding there.
    /// </summary>
    public static float Lens(float t, float power) => MathF.Abs(t) >= 1f ? 0f : MathF.Pow(1f - t * t, power);

    /// <summary>Linear interpolation of v over a polyline given as (u, v) points sorted by u, clamped at the ends.</summary>
    public static float AtU(ReadOnlySpan<Vector2> polyline, float u)
    {
        if (u <= polyline[0].X) return polyline[0].Y;
        for (var i = 1; i < polyline.Length; i++)
        {
            if (u > polyline[i].X) continue;
            var a = polyline[i - 1];
            var b = polyline[i];
            var span = b.X - a.X;
            return span <= 1e-6f ? b.Y : a.Y + (b.Y - a.Y) * (u - a.X) / span;
        }
        return polyline[^1].Y;
    }

    public static bool InsidePolygon(ReadOnlySpan<Vector2> polygon, Vector2 p)
    {
        var inside = false;
        for (int i = 0, j = polygon.Length - 1; i < polygon.Length; j = i++)
        {
            var a = polygon[i];
            var b = polygon[j];
            if ((a.Y > p.Y) != (b.Y > p.Y) && p.X < (b.X - a.X) * (p.Y - a.Y) / (b.Y - a.Y) + a.X)
                inside = !inside;
        }
        return inside;
    }
}
