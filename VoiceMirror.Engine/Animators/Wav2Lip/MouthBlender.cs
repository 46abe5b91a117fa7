using System.Runtime.CompilerServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Engine.Animators.Wav2Lip;

/// <summary>
/// Puts the generated upright crop back into the tilted face: each frame pixel under the mask is mapped into the crop
/// (the inverse of the crop's rotation) and the model's output is sampled there, so the photo itself is never resampled.
/// Two bands: the model gives what its S px can hold (the low frequencies), and where it did not change the picture
/// the photo's own detail above that band is added back, so skin, stubble and lip texture stay as sharp as the photo
/// instead of an upscaled 96 px blur. Immutable after construction; Blend can run on several frames at once.
/// </summary>
public sealed class MouthBlender
{
    // Mean difference (0-255 levels) between the model's output and the photo's own low band under which the model
    // counts as having kept the picture (full detail back), and over which it drew something new (no photo detail,
    // which would ghost the closed lips over an open mouth). Between, the detail fades smoothly.
    internal const float KeptBelow = 8f, ChangedAbove = 32f;

    private readonly int _faceSize;
    private readonly float[] _mask;
    // Per bounds pixel: the bilinear taps of where it falls in the S x S output, and the photo's low band there.
    // The taps are the same every frame, so they are worked out once here rather than per pixel per frame.
    private readonly Tap[] _taps;
    private readonly float[] _low;

    /// <param name="referenceBgr">The model's reference input (3 x S x S planar BGR in [0,1]): the photo at the model's resolution.</param>
    public MouthBlender(UprightCrop crop, Size frame, int faceSize, FaceLandmarks? mesh, ReadOnlySpan<float> referenceBgr)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(faceSize, 1);
        if (referenceBgr.Length < 3 * faceSize * faceSize)
            throw new ArgumentException($"The reference crop needs {3 * faceSize * faceSize} floats.", nameof(referenceBgr));
        _faceSize = faceSize;
        var bounds = crop.FrameBounds(frame);
        var mask = MouthMask.Build(crop, bounds, mesh);
        Bounds = Trim(bounds, mask);
        _mask = Cut(mask, bounds, Bounds);
        int n = Bounds.Width * Bounds.Height, s = faceSize;
        (_taps, _low) = (new Tap[n], new float[3 * n]);
        Span<float> rgb = stackalloc float[3];
        for (var y = 0; y < Bounds.Height; y++)
            for (var x = 0; x < Bounds.Width; x++)
            {
                var i = y * Bounds.Width + x;
                var (u, v) = crop.ToCrop(Bounds.X + x + 0.5f, Bounds.Y + y + 0.5f);
                float sx = u * s - 0.5f, sy = v * s - 0.5f;
                _taps[i] = Tap.At(sx, sy, s);
                SampleBgr(referenceBgr, s, sx, sy, rgb);
                rgb.CopyTo(_low.AsSpan(3 * i, 3));
            }
    }

    /// <summary>The frame pixels the blend may change (the mask's extent); every other pixel is the base frame's.</summary>
    public Rectangle Bounds { get; }

    /// <summary>Adds the photo's detail back where the model kept the picture; off = the model's output alone (for comparison).</summary>
    public bool KeepPhotoDetail { get; init; } = true;

    /// <summary>The mask weight of frame pixel (x, y), 0 outside <see cref="Bounds"/>.</summary>
    public float MaskAt(int x, int y) =>
        Bounds.Contains(x, y) ? _mask[(y - Bounds.Y) * Bounds.Width + (x - Bounds.X)] : 0f;

    /// <summary>
    /// Writes the whole frame as RGB24 into <paramref name="destRgb24"/>: the base frame, and under the mask
    /// g + k·(photo − low) mixed in by the mask weight, with g the output (3 x S x S planar BGR in [0,1]) sampled at the
    /// pixel, low the reference sampled alike and k = 1 − smoothstep(KeptBelow, ChangedAbove, mean |g − low|).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per frame: optimised from the first (see Motion/WarpRows)
    public void Blend(Image<Rgb24> baseFrame, ReadOnlySpan<float> generatedBgr, Span<byte> destRgb24)
    {
        int w = baseFrame.Width, h = baseFrame.Height, s = _faceSize;
        if (Bounds.Right > w || Bounds.Bottom > h)
            throw new ArgumentException($"The blend region {Bounds} does not fit the {w}x{h} frame.", nameof(baseFrame));
        if (generatedBgr.Length < 3 * s * s)
            throw new ArgumentException($"The generated crop needs {3 * s * s} floats.", nameof(generatedBgr));
        if (destRgb24.Length < w * h * 3)
            throw new ArgumentException($"The destination needs {w * h * 3} bytes.", nameof(destRgb24));

        baseFrame.CopyPixelDataTo(destRgb24);
        var plane = s * s;
        for (var y = 0; y < Bounds.Height; y++)
        {
            var rowOffset = ((Bounds.Y + y) * w + Bounds.X) * 3;
            for (var x = 0; x < Bounds.Width; x++)
            {
                var i = y * Bounds.Width + x;
                var m = _mask[i];
                if (m == 0f) continue;
                var tap = _taps[i];
                // Planar BGR: red is the third plane. Same arithmetic, in the same order, as SampleBgr.
                float r = tap.Sample(generatedBgr, 2 * plane), g = tap.Sample(generatedBgr, plane), b = tap.Sample(generatedBgr, 0);
                float lr = _low[3 * i], lg = _low[3 * i + 1], lb = _low[3 * i + 2];
                var k = KeepPhotoDetail ? DetailWeight(r, g, b, lr, lg, lb) : 0f;
                var o = rowOffset + x * 3;
                destRgb24[o] = Mix(destRgb24[o], r, lr, k, m);
                destRgb24[o + 1] = Mix(destRgb24[o + 1], g, lg, k, m);
                destRgb24[o + 2] = Mix(destRgb24[o + 2], b, lb, k, m);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // three calls per blended pixel, from Blend's optimised loop
    private static byte Mix(byte photoByte, float generated, float low, float k, float m)
    {
        float photo = photoByte, value = generated + k * (photo - low);
        return (byte)Math.Clamp(MathF.Round(photo + (value - photo) * m), 0f, 255f);
    }

    /// <summary>k = 1 − smoothstep(KeptBelow, ChangedAbove, mean over channels of |generated − low|).</summary>
    internal static float DetailWeight(ReadOnlySpan<float> generated, ReadOnlySpan<float> low) =>
        DetailWeight(generated[0], generated[1], generated[2], low[0], low[1], low[2]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float DetailWeight(float r, float g, float b, float lr, float lg, float lb)
    {
        var d = (MathF.Abs(r - lr) + MathF.Abs(g - lg) + MathF.Abs(b - lb)) / 3f;
        return 1f - MouthMask.SmoothStep(KeptBelow, ChangedAbove, d);
    }

    /// <summary>Bilinear sample of a planar BGR [0,1] S x S image at (sx, sy) in pixel-centre units, as RGB 0-255.</summary>
    internal static void SampleBgr(ReadOnlySpan<float> bgr, int s, float sx, float sy, Span<float> rgb)
    {
        var (c0, c1, wx) = UprightCrop.Taps(sx, s);
        var (r0, r1, wy) = UprightCrop.Taps(sy, s);
        for (var ch = 0; ch < 3; ch++)
        {
            var p = bgr.Slice((2 - ch) * s * s, s * s);
            var top = p[r0 * s + c0] + (p[r0 * s + c1] - p[r0 * s + c0]) * wx;
            var bottom = p[r1 * s + c0] + (p[r1 * s + c1] - p[r1 * s + c0]) * wx;
            rgb[ch] = Math.Clamp(top + (bottom - top) * wy, 0f, 1f) * 255f;
        }
    }

    /// <summary>A bilinear sample position in an S x S plane: the top-left tap, the steps to its neighbours, the weights.</summary>
    private readonly record struct Tap(int TopLeft, int Right, int Down, float Wx, float Wy)
    {
        public static Tap At(float sx, float sy, int s)
        {
            var (c0, c1, wx) = UprightCrop.Taps(sx, s);
            var (r0, r1, wy) = UprightCrop.Taps(sy, s);
            return new Tap(r0 * s + c0, c1 - c0, (r1 - r0) * s, wx, wy);
        }

        /// <summary>The plane starting at <paramref name="planeStart"/> sampled here, clamped to [0,1], as 0-255.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // three calls per blended pixel, from Blend's optimised loop
        public float Sample(ReadOnlySpan<float> planes, int planeStart)
        {
            var p = planes.Slice(planeStart + TopLeft);
            var top = p[0] + (p[Right] - p[0]) * Wx;
            var bottom = p[Down] + (p[Down + Right] - p[Down]) * Wx;
            return Math.Clamp(top + (bottom - top) * Wy, 0f, 1f) * 255f;
        }
    }

    /// <summary>The smallest rectangle of <paramref name="bounds"/> that holds every non-zero mask weight.</summary>
    private static Rectangle Trim(Rectangle bounds, float[] mask)
    {
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        for (var y = 0; y < bounds.Height; y++)
            for (var x = 0; x < bounds.Width; x++)
                if (mask[y * bounds.Width + x] > 0f)
                    (x0, y0, x1, y1) = (Math.Min(x0, x), Math.Min(y0, y), Math.Max(x1, x), Math.Max(y1, y));
        return x1 < 0 ? new Rectangle(bounds.X, bounds.Y, 0, 0)
            : new Rectangle(bounds.X + x0, bounds.Y + y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    private static float[] Cut(float[] mask, Rectangle from, Rectangle to)
    {
        var cut = new float[to.Width * to.Height];
        for (var y = 0; y < to.Height; y++)
            mask.AsSpan((to.Y - from.Y + y) * from.Width + (to.X - from.X), to.Width).CopyTo(cut.AsSpan(y * to.Width, to.Width));
        return cut;
    }
}
