using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine.Vision;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Tests.Engine.Vision.FaceMesh;

/// <summary>The committed Face Mesh model and the BlazeFace front detector, loaded once per test class.</summary>
public sealed class FaceMeshFixture : IDisposable
{
    public const string ModelFile = "builtin/face_landmark.onnx";

    public FaceMeshModel Mesh { get; } = new(VisionData.Model(ModelFile));
    public BlazeFaceDetector Detector { get; } = new(VisionData.Model(VisionData.FrontModel));

    public void Dispose()
    {
        Mesh.Dispose();
        Detector.Dispose();
    }
}

/// <summary>Geometry helpers the mesh tests share.</summary>
internal static class MeshGeometry
{
    public const int ForeheadTop = 10, Chin = 152, UpperInnerLip = 13, LowerInnerLip = 14;

    /// <summary>The image turned by <paramref name="degrees"/> about its centre (clockwise on screen), same size, edges repeated; bilinear.</summary>
    public static Image<Rgb24> Rotate(Image<Rgb24> source, float degrees)
    {
        var (w, h) = (source.Width, source.Height);
        var pixels = new Rgb24[w * h];
        source.CopyPixelDataTo(pixels);
        var result = new Rgb24[w * h];
        var r = degrees * MathF.PI / 180;
        var (cos, sin) = (MathF.Cos(r), MathF.Sin(r));
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                // Pixel centre of the output, turned back by -r into the source.
                float dx = x + 0.5f - w / 2f, dy = y + 0.5f - h / 2f;
                var sx = dx * cos + dy * sin + w / 2f - 0.5f;
                var sy = -dx * sin + dy * cos + h / 2f - 0.5f;
                var (fx, fy) = (MathF.Floor(sx), MathF.Floor(sy));
                var (tx, ty) = (sx - fx, sy - fy);
                Rgb24 At(float px, float py) => pixels[Math.Clamp((int)py, 0, h - 1) * w + Math.Clamp((int)px, 0, w - 1)];
                var (a, b, c, d) = (At(fx, fy), At(fx + 1, fy), At(fx, fy + 1), At(fx + 1, fy + 1));
                byte Mix(byte p00, byte p10, byte p01, byte p11) =>
                    (byte)Math.Clamp(MathF.Round(p00 * (1 - tx) * (1 - ty) + p10 * tx * (1 - ty) + p01 * (1 - tx) * ty + p11 * tx * ty), 0, 255);
                result[y * w + x] = new Rgb24(Mix(a.R, b.R, c.R, d.R), Mix(a.G, b.G, c.G, d.G), Mix(a.B, b.B, c.B, d.B));
            }
        return Image.LoadPixelData<Rgb24>(result, w, h);
    }

    /// <summary>Where a point of the upright image lands after <see cref="Rotate"/>.</summary>
    public static PointF RotatePoint(PointF p, float degrees, int width, int height)
    {
        var r = degrees * MathF.PI / 180;
        var (dx, dy) = (p.X - width / 2f, p.Y - height / 2f);
        return new PointF(dx * MathF.Cos(r) - dy * MathF.Sin(r) + width / 2f, dx * MathF.Sin(r) + dy * MathF.Cos(r) + height / 2f);
    }

    public static float Distance(PointF a, PointF b) => MathF.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));

    public static PointF Mean(FaceLandmarks l, params int[] indices) =>
        new(indices.Average(i => l[i].X), indices.Average(i => l[i].Y));

    public static float FaceHeight(FaceLandmarks l) => Distance(l[ForeheadTop], l[Chin]);
}
