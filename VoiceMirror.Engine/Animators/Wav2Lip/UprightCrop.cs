using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine.Vision;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Engine.Animators.Wav2Lip;

/// <summary>
/// The face crop Wav2Lip works on, turned upright: Wav2Lip's padded face box laid along the eye line, so a tilted head
/// reaches the model as the upright face it was trained on. Centre and size in frame pixels (continuous coordinates,
/// pixel (x, y) covers [x, x+1) x [y, y+1)); <see cref="Rotation"/> is the roll in radians (y down: positive = the
/// face turned clockwise on screen). Crop-relative (u, v) run from 0 to 1 along the crop's own axes.
/// </summary>
public readonly record struct UprightCrop(float CenterX, float CenterY, float Width, float Height, float Rotation)
{
    /// <summary>
    /// The crop of a face: the detector's box grown by Wav2Lip's pads in the face's upright frame, rolled by the eye
    /// line of the mesh (outer eye corners 33 → 263, the more precise) or else of BlazeFace's eye keypoints.
    /// </summary>
    public static UprightCrop For(FaceBox face, FaceLandmarks? mesh, int padTop, int padBottom, int padLeft, int padRight)
    {
        var roll = Roll(face, mesh);
        var (cos, sin) = (MathF.Cos(roll), MathF.Sin(roll));
        // The pads move the centre along the face's own axes: du across, dv down the face.
        float du = (padRight - padLeft) / 2f, dv = (padBottom - padTop) / 2f;
        var cx = face.X + face.Width / 2f + du * cos - dv * sin;
        var cy = face.Y + face.Height / 2f + du * sin + dv * cos;
        return new UprightCrop(cx, cy, face.Width + padLeft + padRight, face.Height + padTop + padBottom, roll);
    }

    /// <summary>Roll of the eye line: mesh corners 33 → 263 when there is a mesh, else BlazeFace's eyes, else 0.</summary>
    public static float Roll(FaceBox face, FaceLandmarks? mesh)
    {
        if (mesh is null) return face.Keypoints?.Roll ?? 0f;
        PointF right = mesh[FaceRegion.RightEyeOuter], left = mesh[FaceRegion.LeftEyeOuter];
        return MathF.Atan2(left.Y - right.Y, left.X - right.X);
    }

    /// <summary>Frame point of crop point (u, v): centre + (u - ½)·W·(cos r, sin r) + (v - ½)·H·(−sin r, cos r).</summary>
    public PointF ToFrame(float u, float v)
    {
        var (cos, sin) = (MathF.Cos(Rotation), MathF.Sin(Rotation));
        float a = (u - 0.5f) * Width, b = (v - 0.5f) * Height;
        return new PointF(CenterX + a * cos - b * sin, CenterY + a * sin + b * cos);
    }

    /// <summary>The inverse of <see cref="ToFrame"/>.</summary>
    public (float U, float V) ToCrop(float x, float y)
    {
        var (cos, sin) = (MathF.Cos(Rotation), MathF.Sin(Rotation));
        float dx = x - CenterX, dy = y - CenterY;
        return ((dx * cos + dy * sin) / Width + 0.5f, (-dx * sin + dy * cos) / Height + 0.5f);
    }

    /// <summary>The frame pixels the rotated crop touches, clipped to the frame.</summary>
    public Rectangle FrameBounds(Size frame)
    {
        PointF[] corners = [ToFrame(0, 0), ToFrame(1, 0), ToFrame(0, 1), ToFrame(1, 1)];
        var x0 = Math.Max(0, (int)MathF.Floor(corners.Min(p => p.X)));
        var y0 = Math.Max(0, (int)MathF.Floor(corners.Min(p => p.Y)));
        var x1 = Math.Min(frame.Width, (int)MathF.Ceiling(corners.Max(p => p.X)));
        var y1 = Math.Min(frame.Height, (int)MathF.Ceiling(corners.Max(p => p.Y)));
        return x1 > x0 && y1 > y0 ? Rectangle.FromLTRB(x0, y0, x1, y1) : Rectangle.Empty;
    }

    /// <summary>
    /// The upright crop at the photo's own resolution (Width x Height pixels, rounded), sampled bilinearly; points
    /// beyond the frame take the nearest edge pixel, as a crop clamped to the frame would show.
    /// </summary>
    public Image<Rgb24> Extract(Image<Rgb24> frame)
    {
        int w = Math.Max(1, (int)MathF.Round(Width)), h = Math.Max(1, (int)MathF.Round(Height));
        var pixels = new Rgb24[frame.Width * frame.Height];
        frame.CopyPixelDataTo(pixels);
        var crop = new Image<Rgb24>(w, h);
        Span<float> rgb = stackalloc float[3];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var p = ToFrame((x + 0.5f) / w, (y + 0.5f) / h);
                Sample(pixels, frame.Width, frame.Height, p.X, p.Y, rgb);
                crop[x, y] = new Rgb24((byte)MathF.Round(rgb[0]), (byte)MathF.Round(rgb[1]), (byte)MathF.Round(rgb[2]));
            }
        return crop;
    }

    /// <summary>Bilinear RGB at continuous point (x, y) of a width x height image, edge pixels repeated outside.</summary>
    internal static void Sample(ReadOnlySpan<Rgb24> pixels, int width, int height, float x, float y, Span<float> rgb)
    {
        var (x0, x1, wx) = Taps(x - 0.5f, width);
        var (y0, y1, wy) = Taps(y - 0.5f, height);
        Rgb24 a = pixels[y0 * width + x0], b = pixels[y0 * width + x1], c = pixels[y1 * width + x0], d = pixels[y1 * width + x1];
        rgb[0] = Lerp(Lerp(a.R, b.R, wx), Lerp(c.R, d.R, wx), wy);
        rgb[1] = Lerp(Lerp(a.G, b.G, wx), Lerp(c.G, d.G, wx), wy);
        rgb[2] = Lerp(Lerp(a.B, b.B, wx), Lerp(c.B, d.B, wx), wy);
    }

    /// <summary>The two pixels around sample position <paramref name="s"/> (pixel-centre units) and the second one's weight.</summary>
    internal static (int I0, int I1, float W) Taps(float s, int length)
    {
        s = Math.Clamp(s, 0f, length - 1);
        var i0 = (int)s;
        return (i0, Math.Min(i0 + 1, length - 1), s - i0);
    }

    private static float Lerp(float a, float b, float t) => a + (b - a) * t;
}
