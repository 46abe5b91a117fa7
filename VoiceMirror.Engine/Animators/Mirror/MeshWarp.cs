using System.Numerics;
using System.Runtime.CompilerServices;

namespace VoiceMirror.Engine.Animators.Mirror;

/// <summary>
/// Piecewise-affine image warp: every triangle of the target mesh is filled with the pixels of the same triangle in
/// the source mesh (inverse mapping, bilinear sampling). Coordinates are pixel coordinates with pixel (x, y)
/// covering [x, x+1) × [y, y+1), so its centre is (x + 0.5, y + 0.5), as MediaPipe's normalised landmarks scale.
/// </summary>
internal static class MeshWarp
{
    /// <summary>A vertex closer than this (px) to its source position counts as not moving.</summary>
    public const float StillEpsilon = 1e-3f;

    /// <summary>
    /// Draws the triangles whose vertices move into <paramref name="dest"/> (RGB24, same size as the source, already
    /// holding the frame to draw on). Pixels of triangles that do not move, and pixels outside every triangle, are
    /// left untouched. Where a pixel's own displacement d is below <paramref name="featherPx"/>, the warped colour is
    /// blended with what <paramref name="dest"/> holds by |d| / featherPx, so the warped region fades into the photo
    /// exactly where it stops moving (no resampling edge). featherPx = 0 disables the blend.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per frame: optimised from the first (see Motion/WarpRows)
    public static void Warp(
        ReadOnlySpan<byte> source, int width, int height,
        ReadOnlySpan<Vector2> sourcePoints, ReadOnlySpan<Vector2> targetPoints, ReadOnlySpan<int> triangles,
        Span<byte> dest, float featherPx = 0f)
    {
        if (source.Length < width * height * 3 || dest.Length < width * height * 3)
            throw new ArgumentException("Buffers are smaller than width x height RGB24.");
        for (var t = 0; t + 2 < triangles.Length; t += 3)
        {
            int a = triangles[t], b = triangles[t + 1], c = triangles[t + 2];
            if (IsStill(sourcePoints[a], targetPoints[a]) && IsStill(sourcePoints[b], targetPoints[b])
                && IsStill(sourcePoints[c], targetPoints[c]))
                continue;
            DrawTriangle(source, width, height,
                sourcePoints[a], sourcePoints[b], sourcePoints[c],
                targetPoints[a], targetPoints[b], targetPoints[c], dest, featherPx);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsStill(Vector2 s, Vector2 t) => Vector2.DistanceSquared(s, t) < StillEpsilon * StillEpsilon;

    private static void DrawTriangle(
        ReadOnlySpan<byte> source, int width, int height,
        Vector2 s0, Vector2 s1, Vector2 s2, Vector2 t0, Vector2 t1, Vector2 t2,
        Span<byte> dest, float featherPx)
    {
        var e1 = t1 - t0;
        var e2 = t2 - t0;
        var det = e1.X * e2.Y - e1.Y * e2.X;
        // A collapsed target triangle covers no area; its neighbours cover the pixels along it.
        if (MathF.Abs(det) < 1e-6f) return;

        // Barycentric λ1 = (p - t0) × e2 / det, λ2 = e1 × (p - t0) / det; the source point is s0 + λ1 (s1 - s0) + λ2 (s2 - s0).
        // Both are affine in (x, y), so the source position is too: sx = ax·x + bx·y + cx.
        var inv = 1f / det;
        float l1x = e2.Y * inv, l1y = -e2.X * inv;
        float l2x = -e1.Y * inv, l2y = e1.X * inv;
        var d1 = s1 - s0;
        var d2 = s2 - s0;
        float ax = d1.X * l1x + d2.X * l2x, bx = d1.X * l1y + d2.X * l2y;
        float ay = d1.Y * l1x + d2.Y * l2x, by = d1.Y * l1y + d2.Y * l2y;

        var minX = Math.Max(0, (int)MathF.Floor(MathF.Min(t0.X, MathF.Min(t1.X, t2.X)) - 0.5f));
        var maxX = Math.Min(width - 1, (int)MathF.Ceiling(MathF.Max(t0.X, MathF.Max(t1.X, t2.X)) - 0.5f));
        var minY = Math.Max(0, (int)MathF.Floor(MathF.Min(t0.Y, MathF.Min(t1.Y, t2.Y)) - 0.5f));
        var maxY = Math.Min(height - 1, (int)MathF.Ceiling(MathF.Max(t0.Y, MathF.Max(t1.Y, t2.Y)) - 0.5f));
        // Inclusive edges with a hair of tolerance: a pixel centre on a shared edge is drawn by both neighbours
        // (with the same colour, the warp being continuous) rather than by neither.
        const float tolerance = -1e-4f;
        var invFeather = featherPx > 0 ? 1f / featherPx : 0f;
        Span<byte> warped = stackalloc byte[3];

        for (var y = minY; y <= maxY; y++)
        {
            var py = y + 0.5f - t0.Y;
            var row = dest.Slice(y * width * 3, width * 3);
            for (var x = minX; x <= maxX; x++)
            {
                var px = x + 0.5f - t0.X;
                var l1 = l1x * px + l1y * py;
                var l2 = l2x * px + l2y * py;
                if (l1 < tolerance || l2 < tolerance || 1f - l1 - l2 < tolerance) continue;

                var sx = s0.X + ax * px + bx * py;
                var sy = s0.Y + ay * px + by * py;
                var o = x * 3;
                if (invFeather > 0f)
                {
                    var dx = sx - (x + 0.5f);
                    var dy = sy - (y + 0.5f);
                    var alpha = MathF.Sqrt(dx * dx + dy * dy) * invFeather;
                    if (alpha < 1f)
                    {
                        Bilinear(source, width, height, sx, sy, warped);
                        for (var ch = 0; ch < 3; ch++)
                            row[o + ch] = (byte)(row[o + ch] + alpha * (warped[ch] - row[o + ch]) + 0.5f);
                        continue;
                    }
                }
                Bilinear(source, width, height, sx, sy, row.Slice(o, 3));
            }
        }
    }

    /// <summary>Bilinear sample at pixel coordinate (sx, sy) (centres at +0.5), edges clamped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Bilinear(ReadOnlySpan<byte> image, int width, int height, float sx, float sy, Span<byte> rgb)
    {
        var fx = Math.Clamp(sx - 0.5f, 0f, width - 1);
        var fy = Math.Clamp(sy - 0.5f, 0f, height - 1);
        var x0 = (int)fx;
        var y0 = (int)fy;
        var x1 = Math.Min(x0 + 1, width - 1);
        var y1 = Math.Min(y0 + 1, height - 1);
        var wx = fx - x0;
        var wy = fy - y0;
        int i00 = (y0 * width + x0) * 3, i01 = (y0 * width + x1) * 3;
        int i10 = (y1 * width + x0) * 3, i11 = (y1 * width + x1) * 3;
        for (var ch = 0; ch < 3; ch++)
        {
            var top = image[i00 + ch] + wx * (image[i01 + ch] - image[i00 + ch]);
            var bottom = image[i10 + ch] + wx * (image[i11 + ch] - image[i10 + ch]);
            rgb[ch] = (byte)(top + wy * (bottom - top) + 0.5f);
        }
    }
}
