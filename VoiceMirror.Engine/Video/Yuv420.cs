using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    public static void FromRgb24(ReadOnlySpan<byte> rgb, int width, int height, Span<byte> yuv) =>
        FromRgb24(rgb, width, height, yuv, vectorised: true);

    /// <param name="vectorised">False: the plain loop alone, which the AVX2 blocks must match byte for byte.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per frame: optimised from the first (see Motion/WarpRows)
    internal static void FromRgb24(ReadOnlySpan<byte> rgb, int width, int height, Span<byte> yuv, bool vectorised)
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
            // Eight pixels of both rows at a time where AVX2 is there; the plain loop takes the rest of the row.
            var vectorEnd = vectorised && Avx2.IsSupported ? width / 8 * 8 : 0;
            for (var x = 0; x < vectorEnd; x += 8)
                Avx2Block(ref Unsafe.Add(ref top, x * 3), ref Unsafe.Add(ref bottom, x * 3), ref Unsafe.Add(ref lumaTop, x),
                    ref Unsafe.Add(ref lumaBottom, x), ref Unsafe.Add(ref u, chromaRow + x / 2), ref Unsafe.Add(ref v, chromaRow + x / 2));
            for (var x = vectorEnd; x < width; x += 2)
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

    /// <summary>
    /// Eight pixels of a row pair: the plain loop's integer arithmetic in eight lanes (exact, no rounding differs), so
    /// the bytes are the same. Reads 24 bytes of each row, writes 8 luma bytes per row and 4 of U and of V.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Avx2Block(ref byte top, ref byte bottom, ref byte lumaTop, ref byte lumaBottom, ref byte u, ref byte v)
    {
        var (rt, gt, bt) = Channels(ref top);
        var (rb, gb, bb) = Channels(ref bottom);
        var yTop = LumaLanes(rt, gt, bt);
        var yBottom = LumaLanes(rb, gb, bb);
        // Luma is 16..235 and chroma 16..240: narrowing keeps every value as it is.
        var both = Vector256.Narrow(yTop, yBottom).AsUInt16();
        var luma = Vector128.Narrow(both.GetLower(), both.GetUpper());
        Unsafe.WriteUnaligned(ref lumaTop, luma.AsUInt64().GetElement(0));
        Unsafe.WriteUnaligned(ref lumaBottom, luma.AsUInt64().GetElement(1));

        // Sums of each 2x2 block in lanes 0, 1, 4, 5 (horizontal adds pair neighbours within each 128-bit half).
        var r = Avx2.HorizontalAdd(rt + rb, rt + rb);
        var g = Avx2.HorizontalAdd(gt + gb, gt + gb);
        var b = Avx2.HorizontalAdd(bt + bb, bt + bb);
        var offset = Vector256.Create((128 << 18) + (1 << 17));
        var uLanes = (r * UR + g * UG + b * UB + offset) >> 18;
        var vLanes = (r * VR + g * VG + b * VB + offset) >> 18;
        var pick = Vector256.Create(0, 1, 4, 5, 0, 1, 4, 5);
        var chroma = Vector128.Narrow(
            Vector128.Narrow(Avx2.PermuteVar8x32(uLanes, pick).GetLower(), Avx2.PermuteVar8x32(vLanes, pick).GetLower()).AsUInt16(),
            Vector128<ushort>.Zero);
        Unsafe.WriteUnaligned(ref u, chroma.AsUInt32().GetElement(0));
        Unsafe.WriteUnaligned(ref v, chroma.AsUInt32().GetElement(1));
    }

    // Byte shuffles that spread four RGB24 pixels into int lanes (255: a zero byte), for pixels starting at byte 0 of
    // a 16-byte load and at byte 4 of one.
    private static readonly Vector128<byte> Red0 = Lanes(0), Green0 = Lanes(1), Blue0 = Lanes(2);
    private static readonly Vector128<byte> Red4 = Lanes(4), Green4 = Lanes(5), Blue4 = Lanes(6);

    private static Vector128<byte> Lanes(int first)
    {
        var mask = new byte[16];
        Array.Fill(mask, (byte)255);
        for (var p = 0; p < 4; p++) mask[4 * p] = (byte)(first + 3 * p);
        return Vector128.Create(mask);
    }

    /// <summary>R, G and B of eight RGB24 pixels as eight int lanes each: pixels 0-3 from bytes 0-15, 4-7 from bytes 8-23.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<int> R, Vector256<int> G, Vector256<int> B) Channels(ref byte row)
    {
        // Two loads inside the 24 bytes (never past a row's last pixel): pixel 4 starts at byte 4 of the second.
        var first = Vector128.LoadUnsafe(ref row);
        var second = Vector128.LoadUnsafe(ref Unsafe.Add(ref row, 8));
        return (Vector256.Create(Ssse3.Shuffle(first, Red0).AsInt32(), Ssse3.Shuffle(second, Red4).AsInt32()),
                Vector256.Create(Ssse3.Shuffle(first, Green0).AsInt32(), Ssse3.Shuffle(second, Green4).AsInt32()),
                Vector256.Create(Ssse3.Shuffle(first, Blue0).AsInt32(), Ssse3.Shuffle(second, Blue4).AsInt32()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> LumaLanes(Vector256<int> r, Vector256<int> g, Vector256<int> b) =>
        (r * YR + g * YG + b * YB + Vector256.Create((16 << 16) + 32768)) >> 16;

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
