using SixLabors.ImageSharp;

namespace VoiceMirror.Engine.Motion;

/// <summary>
/// Moves the whole frame as the head would: rotation about the face centre, shift and zoom, sampled bilinearly.
/// A constant extra zoom (<see cref="CoverZoom"/>) keeps the frame's edges filled for any motion
/// <see cref="LivelinessTrack"/> makes, so no empty corners show. A still frame is copied byte for byte.
/// </summary>
public static class HeadMotion
{
    // Past this the face sits so near an edge that filling the frame would crop too much; the edge pixels stretch instead.
    internal const double MaxCoverZoom = 1.25;

    /// <summary>
    /// Writes <paramref name="source"/> moved by <paramref name="frame"/> into <paramref name="destination"/> (both RGB24,
    /// rows of width·3 bytes). A destination pixel q shows the source at p with
    /// q = pivot + s·R(θ)·(p − pivot) + (ShiftX·width, ShiftY·height), s = Scale·<see cref="CoverZoom"/>, θ = roll
    /// counter-clockwise on screen. When the head does not move, this is a plain copy.
    /// </summary>
    public static void Apply(ReadOnlySpan<byte> source, Span<byte> destination, int width, int height, LivelinessFrame frame, PointF pivot)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        var length = width * height * 3;
        if (source.Length < length || destination.Length < length)
            throw new ArgumentException($"RGB24 frames of {width}x{height} need {length} bytes.");
        if (!frame.MovesHead)
        {
            source[..length].CopyTo(destination);
            return;
        }

        WarpRows.Apply(source, destination, new RowMap(Inverse(width, height, frame, pivot), width, height), 0, height);
    }

    /// <summary>
    /// The smallest constant zoom that keeps every destination pixel inside the source for all motion within
    /// <see cref="LivelinessTrack"/>'s bounds (roll, shift, and the zoom swinging down to 1 − MaxScaleChange) about
    /// <paramref name="pivot"/>; at most 1.25.
    /// </summary>
    public static double CoverZoom(int width, int height, PointF pivot)
    {
        double px = Math.Clamp(pivot.X, 1, width - 2), py = Math.Clamp(pivot.Y, 1, height - 2);
        double right = width - 1 - px, bottom = height - 1 - py;
        var needed = 1.0;
        for (var k = -4; k <= 4; k++)
        {
            var theta = LivelinessTrack.MaxRollDegrees * k / 4 * Math.PI / 180;
            double cos = Math.Cos(theta), sin = Math.Sin(theta);
            foreach (var cornerX in (ReadOnlySpan<double>)[0, width - 1])
            foreach (var cornerY in (ReadOnlySpan<double>)[0, height - 1])
            foreach (var sx in (ReadOnlySpan<double>)[-1, 1])
            foreach (var sy in (ReadOnlySpan<double>)[-1, 1])
            {
                double u = cornerX - px - sx * LivelinessTrack.MaxShift * width;
                double v = cornerY - py - sy * LivelinessTrack.MaxShift * height;
                double rx = u * cos - v * sin, ry = u * sin + v * cos; // R(θ)⁻¹ of the offset
                needed = Math.Max(needed, rx > 0 ? rx / right : -rx / px);
                needed = Math.Max(needed, ry > 0 ? ry / bottom : -ry / py);
            }
        }
        return Math.Min(MaxCoverZoom, needed / (1 - LivelinessTrack.MaxScaleChange) + 1e-6);
    }

    /// <summary>Source point for destination (x, y): p = pivot + R(θ)⁻¹·(q − pivot − shift) / s, as an affine map.</summary>
    internal readonly record struct InverseMap(double Xx, double Xy, double X0, double Yx, double Yy, double Y0)
    {
        public (double X, double Y) At(double x, double y) => (Xx * x + Xy * y + X0, Yx * x + Yy * y + Y0);
    }

    internal static InverseMap Inverse(int width, int height, LivelinessFrame frame, PointF pivot)
    {
        var s = frame.Scale * CoverZoom(width, height, pivot);
        var theta = frame.RollDegrees * Math.PI / 180;
        double cos = Math.Cos(theta) / s, sin = Math.Sin(theta) / s;
        double ox = pivot.X + frame.ShiftX * width, oy = pivot.Y + frame.ShiftY * height;
        // p.x = pivot.x + cos·(x − ox) − sin·(y − oy);  p.y = pivot.y + sin·(x − ox) + cos·(y − oy)
        return new InverseMap(cos, -sin, pivot.X - cos * ox + sin * oy, sin, cos, pivot.Y - sin * ox - cos * oy);
    }
}
