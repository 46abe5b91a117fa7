using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceMirror.Engine.Motion;

/// <summary>
/// <see cref="HeadMotion"/>'s inverse map in 16.16 fixed point, per row: where the row's first pixel samples the source,
/// and how far each next pixel moves. Integer steps make every pixel's source position exact and the same in both
/// kernels of <see cref="WarpRows"/>.
/// </summary>
internal readonly record struct RowMap(int Width, int Height, int StepX, int StepY, HeadMotion.InverseMap Map)
{
    public const int Bits = 16;
    public const int One = 1 << Bits;

    public RowMap(HeadMotion.InverseMap map, int width, int height)
        : this(width, height, (int)Math.Round(map.Xx * One), (int)Math.Round(map.Yx * One), map) { }

    public (int Fx, int Fy) RowStart(int y) =>
        ((int)Math.Round((Map.Xy * y + Map.X0) * One), (int)Math.Round((Map.Yy * y + Map.Y0) * One));
}

/// <summary>
/// The bilinear warp of a band of rows, RGB24 to RGB24. The AVX2 kernel does 8 pixels at a time with the very same
/// integer arithmetic as the scalar one (8-bit weights, products summed and rounded once), so both write identical
/// bytes; the scalar kernel does the rest of each row and runs alone where AVX2 is missing.
/// </summary>
internal static class WarpRows
{
    public static void Apply(ReadOnlySpan<byte> source, Span<byte> destination, RowMap map, int firstRow, int endRow,
        bool vectorised = true)
    {
        var stride = map.Width * 3;
        // A block stores 24 bytes with two 16-byte writes, the last 4 bytes past its end: blocks stop where that would
        // reach into the next row, which another band may own.
        var blocks = vectorised && Avx2.IsSupported && stride >= 28 ? (stride - 4) / 24 : 0;
        for (var y = firstRow; y < endRow; y++)
        {
            var (fx, fy) = map.RowStart(y);
            var done = 0;
            if (blocks > 0)
            {
                Avx2Blocks(source, destination.Slice(y * stride, stride), map, fx, fy, blocks);
                done = blocks * 8;
            }
            Scalar(source, destination.Slice(y * stride, stride), map, fx + done * map.StepX, fy + done * map.StepY, done);
        }
    }

    // A per-frame kernel: compiled fully optimised on first use. Tiered compilation would run it instrumented for PGO
    // through the first renders, which measured as a third more CPU per render on a busy GPU host.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scalar(ReadOnlySpan<byte> source, Span<byte> row, RowMap map, int fx, int fy, int firstPixel)
    {
        int width = map.Width, height = map.Height, stride = width * 3;
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(row);
        for (var x = firstPixel * 3; x < stride; x += 3, fx += map.StepX, fy += map.StepY)
        {
            int x0 = fx >> RowMap.Bits, y0 = fy >> RowMap.Bits, wx = (fx >> 8) & 0xFF, wy = (fy >> 8) & 0xFF;
            // Clamp to the edge: outside the image (only past HeadMotion.MaxCoverZoom) repeats its border.
            if ((uint)x0 >= (uint)(width - 1)) (x0, wx) = x0 < 0 ? (0, 0) : (width - 2, 256);
            if ((uint)y0 >= (uint)(height - 1)) (y0, wy) = y0 < 0 ? (0, 0) : (height - 2, 256);
            ref var top = ref Unsafe.Add(ref src, y0 * stride + x0 * 3);
            ref var bottom = ref Unsafe.Add(ref top, stride);
            int w00 = (256 - wx) * (256 - wy), w01 = wx * (256 - wy), w10 = (256 - wx) * wy, w11 = wx * wy;
            for (var c = 0; c < 3; c++)
            {
                var sum = Unsafe.Add(ref top, c) * w00 + Unsafe.Add(ref top, c + 3) * w01
                    + Unsafe.Add(ref bottom, c) * w10 + Unsafe.Add(ref bottom, c + 3) * w11;
                Unsafe.Add(ref dst, x + c) = (byte)((sum + 32768) >> 16);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Avx2Blocks(ReadOnlySpan<byte> source, Span<byte> row, RowMap map, int fx, int fy, int blocks)
    {
        int stride = map.Width * 3;
        var lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        Vector256<int> fxs = Vector256.Create(fx) + lane * map.StepX, fys = Vector256.Create(fy) + lane * map.StepY;
        Vector256<int> stepX = Vector256.Create(map.StepX * 8), stepY = Vector256.Create(map.StepY * 8);
        Vector256<int> lastX = Vector256.Create(map.Width - 2), lastY = Vector256.Create(map.Height - 2);
        Vector256<int> zero = Vector256<int>.Zero, full = Vector256.Create(256), low = Vector256.Create(0xFF), half = Vector256.Create(32768);
        // Bytes 0-2, 4-6, 8-10, 12-14 of each 128-bit half: four packed RGBx pixels become 12 RGB bytes.
        var pack = Vector256.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, 0x80,
                                    0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, 0x80);
        // Head motion barely turns or zooms the picture, so most blocks read eight neighbouring pixels of one row pair:
        // those take plain loads instead of gathers. It needs each step to move at most one pixel to the right.
        var rowsOfNeighbours = map.StepX > 0 && map.StepX <= RowMap.One;
        fixed (byte* src = source)
        fixed (byte* dst = row)
        {
            for (var block = 0; block < blocks; block++, fxs += stepX, fys += stepY)
            {
                Vector256<int> x0 = fxs >> RowMap.Bits, y0 = fys >> RowMap.Bits, wx = (fxs >> 8) & low, wy = (fys >> 8) & low;
                int firstX = x0.ToScalar(), firstY = y0.ToScalar();
                Vector256<int> p00, p01, p10, p11;
                // x0 and y0 move monotonically across the lanes: equal ends mean one row, a span of 7 (with steps of at
                // most one) means eight consecutive columns, and inside the image nothing is clamped.
                if (rowsOfNeighbours && y0.GetElement(7) == firstY && x0.GetElement(7) - firstX == 7 && firstX >= 0 && firstX + 7 <= map.Width - 2
                    && firstY >= 0 && firstY <= map.Height - 2)
                {
                    var top = src + firstY * stride + firstX * 3;
                    (p00, p01) = Neighbours(top);
                    (p10, p11) = Neighbours(top + stride);
                }
                else
                {
                    (p00, p01, p10, p11) = Gathered(src, stride, ref x0, ref y0, ref wx, ref wy, lastX, lastY, zero, full);
                }
                Vector256<int> ix = full - wx, iy = full - wy;
                Vector256<int> w00 = ix * iy, w01 = wx * iy, w10 = ix * wy, w11 = wx * wy;

                var packed = Vector256<int>.Zero;
                for (var c = 0; c < 3; c++)
                {
                    var shift = 8 * c;
                    var sum = ((p00 >>> shift) & low) * w00 + ((p01 >>> shift) & low) * w01
                        + ((p10 >>> shift) & low) * w10 + ((p11 >>> shift) & low) * w11;
                    packed |= ((sum + half) >> 16) << shift;
                }
                var rgb = Avx2.Shuffle(packed.AsByte(), pack);
                var at = dst + block * 24;
                rgb.GetLower().Store(at);
                rgb.GetUpper().Store(at + 12);
            }
        }
    }

    // Four RGB24 pixels as RGB0 ints, from a 16-byte load in which the first starts at byte 0, 3 or 4.
    private static readonly Vector128<byte> FromByte0 = Expand(0), FromByte3 = Expand(3), FromByte4 = Expand(4);

    private static Vector128<byte> Expand(int first)
    {
        var mask = new byte[16];
        Array.Fill(mask, (byte)0x80);
        for (var p = 0; p < 4; p++)
            for (var c = 0; c < 3; c++) mask[4 * p + c] = (byte)(first + 3 * p + c);
        return Vector128.Create(mask);
    }

    /// <summary>
    /// Pixels 0-7 and 1-8 of a row from <paramref name="at"/>, as RGB0 lanes. Every load stays inside those nine
    /// pixels' 27 bytes, so the image's last pixel is never read past.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe (Vector256<int> Left, Vector256<int> Right) Neighbours(byte* at)
    {
        Vector128<byte> bytes0 = Sse2.LoadVector128(at), bytes8 = Sse2.LoadVector128(at + 8), bytes11 = Sse2.LoadVector128(at + 11);
        var left = Vector256.Create(Ssse3.Shuffle(bytes0, FromByte0), Ssse3.Shuffle(bytes8, FromByte4));   // bytes 0-11, 12-23
        var right = Vector256.Create(Ssse3.Shuffle(bytes0, FromByte3), Ssse3.Shuffle(bytes11, FromByte4)); // bytes 3-14, 15-26
        return (left.AsInt32(), right.AsInt32());
    }

    /// <summary>The general case: each lane clamped to the image and its four pixels gathered.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe (Vector256<int>, Vector256<int>, Vector256<int>, Vector256<int>) Gathered(byte* src, int stride,
        ref Vector256<int> x0, ref Vector256<int> y0, ref Vector256<int> wx, ref Vector256<int> wy,
        Vector256<int> lastX, Vector256<int> lastY, Vector256<int> zero, Vector256<int> full)
    {
        var left = Vector256.LessThan(x0, zero);
        var right = Vector256.GreaterThan(x0, lastX);
        x0 = Vector256.ConditionalSelect(right, lastX, Vector256.ConditionalSelect(left, zero, x0));
        wx = Vector256.ConditionalSelect(right, full, Vector256.ConditionalSelect(left, zero, wx));
        var above = Vector256.LessThan(y0, zero);
        var below = Vector256.GreaterThan(y0, lastY);
        y0 = Vector256.ConditionalSelect(below, lastY, Vector256.ConditionalSelect(above, zero, y0));
        wy = Vector256.ConditionalSelect(below, full, Vector256.ConditionalSelect(above, zero, wy));

        var offset = y0 * stride + x0 * 3;
        // 4-byte loads: the left pixels read one byte of their right neighbour (ignored); the right pixels are read
        // from one byte earlier and shifted, so the last pixel of the image is never read past.
        return (Avx2.GatherVector256((int*)src, offset, 1),
                Avx2.GatherVector256((int*)(src + 2), offset, 1) >>> 8,
                Avx2.GatherVector256((int*)(src + stride), offset, 1),
                Avx2.GatherVector256((int*)(src + stride + 2), offset, 1) >>> 8);
    }
}
