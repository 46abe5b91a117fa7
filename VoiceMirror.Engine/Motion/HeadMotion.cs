using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
    private const int Bits = 16;
    private const int One = 1 << Bits;

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

        var m = Inverse(width, height, frame, pivot);
        var stride = width * 3;
        int stepX = (int)Math.Round(m.Xx * One), stepY = (int)Math.Round(m.Yx * One);
        // References instead of spans in the inner loop: a 512x512 frame is 262k pixels, 250 times per 10 s of video.
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        for (var y = 0; y < height; y++)
        {
            var fx = (int)Math.Round((m.Xy * y + m.X0) * One);
            var fy = (int)Math.Round((m.Yy * y + m.Y0) * One);
            ref var row = ref Unsafe.Add(ref dst, y * stride);
            for (var x = 0; x < stride; x += 3, fx += stepX, fy += stepY)
            {
                int x0 = fx >> Bits, y0 = fy >> Bits, wx = (fx >> 8) & 0xFF, wy = (fy >> 8) & 0xFF;
                // Clamp to the edge: outside the image (only past MaxCoverZoom) repeats its border.
                if ((uint)x0 >= (uint)(width - 1)) (x0, wx) = x0 < 0 ? (0, 0) : (width - 2, 256);
                if ((uint)y0 >= (uint)(height - 1)) (y0, wy) = y0 < 0 ? (0, 0) : (height - 2, 256);
                ref var top = ref Unsafe.Add(ref src, y0 * stride + x0 * 3);
                ref var bottom = ref Unsafe.Add(ref top, stride);
                int w00 = (256 - wx) * (256 - wy), w01 = wx * (256 - wy), w10 = (256 - wx) * wy, w11 = wx * wy;
                for (var c = 0; c < 3; c++)
                {
                    var sum = Unsafe.Add(ref top, c) * w00 + Unsafe.Add(ref top, c + 3) * w01
                        + Unsafe.Add(ref bottom, c) * w10 + Unsafe.Add(ref bottom, c + 3) * w11;
                    Unsafe.Add(ref row, x + c) = (byte)((sum + 32768) >> 16);
                }
            }
        }
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
