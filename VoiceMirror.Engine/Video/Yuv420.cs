using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VoiceMirror.Engine.Video;

/// <summary>
/// RGB24 → planar YUV 4:2:0 (BT.601, limited range: what ffmpeg's scaler makes of untagged RGB), so ffmpeg gets frames
/// the encoder takes as they are. ffmpeg converts in one thread at about 1–2 ms per 512x512 frame; a render whose
/// frames are otherwise ready in a fraction of that waited on it. Chroma is the mean of each 2x2 block.
/// </summary>
public static class Yuv420
{
    // 16.16 fixed point: the BT.601 matrix scaled to 219 (luma) and 224 (chroma) levels; each chroma row sums to 0.
    private const int YR = 16829, YG = 33039, YB = 6416;
    private const int UR = -9714, UG = -19070, UB = 28784;
    private const int VR = 28784, VG = -24103, VB = -4681;

    /// <summary>Bytes of a <paramref name="width"/> x <paramref name="height"/> frame: a full Y plane, then U and V at half size.</summary>
    public static int FrameBytes(int width, int height) => width * height * 3 / 2;

    /// <param name="rgb">width·height·3 bytes, rows top to bottom.</param>
    /// <param name="yuv">At least <see cref="FrameBytes"/>: Y plane, U plane, V plane.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per frame: optimised from the first (see Motion/WarpRows)
    public static void FromRgb24(ReadOnlySpan<byte> rgb, int width, int height, Span<byte> yuv)
    {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Frame size {width}x{height} must be positive and even.");
        if (rgb.Length < width * height * 3 || yuv.Length < FrameBytes(width, height))
            throw new ArgumentException($"A {width}x{height} frame needs {width * height * 3} RGB bytes and {FrameBytes(width, height)} YUV bytes.");
        int stride = width * 3, chromaWidth = width / 2;
        ref var src = ref MemoryMarshal.GetReference(rgb);
        ref var luma = ref MemoryMarshal.GetReference(yuv);
        ref var u = ref Unsafe.Add(ref luma, width * height);
        ref var v = ref Unsafe.Add(ref u, chromaWidth * (height / 2));
        for (var y = 0; y < height; y += 2)
        {
            ref var top = ref Unsafe.Add(ref src, y * stride);
            ref var bottom = ref Unsafe.Add(ref top, stride);
            ref var lumaTop = ref Unsafe.Add(ref luma, y * width);
            ref var lumaBottom = ref Unsafe.Add(ref lumaTop, width);
            var chromaRow = y / 2 * chromaWidth;
            for (var x = 0; x < width; x += 2)
            {
                int i = x * 3, r = 0, g = 0, b = 0;
                Luma(ref top, i, ref lumaTop, x, ref r, ref g, ref b);
                Luma(ref top, i + 3, ref lumaTop, x + 1, ref r, ref g, ref b);
                Luma(ref bottom, i, ref lumaBottom, x, ref r, ref g, ref b);
                Luma(ref bottom, i + 3, ref lumaBottom, x + 1, ref r, ref g, ref b);
                // The four pixels' sums: the mean and the 16.16 scale are one shift by 18.
                Unsafe.Add(ref u, chromaRow + x / 2) = (byte)((UR * r + UG * g + UB * b + (128 << 18) + (1 << 17)) >> 18);
                Unsafe.Add(ref v, chromaRow + x / 2) = (byte)((VR * r + VG * g + VB * b + (128 << 18) + (1 << 17)) >> 18);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Luma(ref byte row, int i, ref byte lumaRow, int x, ref int r, ref int g, ref int b)
    {
        int pr = Unsafe.Add(ref row, i), pg = Unsafe.Add(ref row, i + 1), pb = Unsafe.Add(ref row, i + 2);
        Unsafe.Add(ref lumaRow, x) = (byte)((YR * pr + YG * pg + YB * pb + (16 << 16) + 32768) >> 16);
        r += pr;
        g += pg;
        b += pb;
    }
}
