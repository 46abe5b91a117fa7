using System.Diagnostics;
using SixLabors.ImageSharp;
using VoiceMirror.Engine.Motion;
using Xunit.Abstractions;

namespace VoiceMirror.Tests.Engine.Motion;

public sealed class HeadMotionTests(ITestOutputHelper output)
{
    private const int Size = 512;
    private static readonly PointF Face = new(230, 200);

    [Fact]
    public void AStillHeadLeavesEveryByteAsItWas()
    {
        var source = Noise(Size, Size, 1);
        var destination = new byte[source.Length];

        HeadMotion.Apply(source, destination, Size, Size, LivelinessFrame.Still with { Blink = 1 }, Face);

        Assert.Equal(source, destination);
    }

    [Fact]
    public void ARotatedMarkerLandsWhereTheTransformSays()
    {
        var source = White(Size, Size);
        PointF marker = new(330, 140);
        for (var y = -2; y <= 2; y++)
        for (var x = -2; x <= 2; x++)
        {
            var i = (((int)marker.Y + y) * Size + (int)marker.X + x) * 3;
            (source[i], source[i + 1], source[i + 2]) = ((byte)255, (byte)0, (byte)0);
        }
        var frame = new LivelinessFrame(0, 10, 0.02f, -0.01f, 1.01f);
        var destination = new byte[source.Length];

        HeadMotion.Apply(source, destination, Size, Size, frame, Face);

        // q = pivot + s·R(θ)·(p − pivot) + shift, θ counter-clockwise on screen (y down).
        var s = frame.Scale * HeadMotion.CoverZoom(Size, Size, Face);
        var theta = frame.RollDegrees * Math.PI / 180;
        double u = marker.X - Face.X, v = marker.Y - Face.Y;
        var expectedX = Face.X + s * (u * Math.Cos(theta) + v * Math.Sin(theta)) + frame.ShiftX * Size;
        var expectedY = Face.Y + s * (-u * Math.Sin(theta) + v * Math.Cos(theta)) + frame.ShiftY * Size;
        var (cx, cy) = RedCentroid(destination, Size, Size);
        Assert.InRange(cx, expectedX - 1, expectedX + 1);
        Assert.InRange(cy, expectedY - 1, expectedY + 1);
        Assert.True(cy < marker.Y - 10, "a counter-clockwise roll lifts a point right of the pivot");
    }

    [Fact]
    public void TheWorstMotionOfATrackLeavesNoEmptyCorner()
    {
        var source = White(Size, Size);
        var destination = new byte[source.Length];
        foreach (var roll in new[] { -LivelinessTrack.MaxRollDegrees, LivelinessTrack.MaxRollDegrees })
        foreach (var shift in new[] { -LivelinessTrack.MaxShift, LivelinessTrack.MaxShift })
        {
            var frame = new LivelinessFrame(0, roll, shift, -shift, 1 - LivelinessTrack.MaxScaleChange);
            HeadMotion.Apply(source, destination, Size, Size, frame, Face);
            Assert.All(destination, b => Assert.Equal(255, b));

            // And without relying on edge clamping: every corner of the output comes from inside the photo.
            var map = HeadMotion.Inverse(Size, Size, frame, Face);
            foreach (var (x, y) in new[] { (0, 0), (Size - 1, 0), (0, Size - 1), (Size - 1, Size - 1) })
            {
                var (sx, sy) = map.At(x, y);
                Assert.InRange(sx, -1e-6, Size - 1 + 1e-6);
                Assert.InRange(sy, -1e-6, Size - 1 + 1e-6);
            }
        }
    }

    [Fact]
    public void CoverZoomIsSmallForACentredFaceAndGrowsAsTheFaceNearsAnEdge()
    {
        var centred = HeadMotion.CoverZoom(Size, Size, new PointF(Size / 2f, Size / 2f));
        var offCentre = HeadMotion.CoverZoom(Size, Size, new PointF(Size * 0.3f, Size * 0.35f));
        output.WriteLine($"cover zoom: centred {centred:F4}, off-centre {offCentre:F4}");

        Assert.InRange(centred, 1.02, 1.06);
        Assert.True(offCentre > centred);
    }

    [Theory]
    [InlineData(512, 512, 5)]
    [InlineData(37, 23, 6)] // rows that end in a partial block
    [InlineData(10, 9, 7)] // a single block per row
    [InlineData(640, 360, 8)]
    public void TheVectorKernelWritesTheSameBytesAsTheScalarOne(int width, int height, int seed)
    {
        Assert.True(System.Runtime.Intrinsics.X86.Avx2.IsSupported || !System.Runtime.Intrinsics.X86.Sse2.IsSupported,
            "an x64 test machine without AVX2 would leave the vector kernel untested");
        var random = new Random(seed);
        var source = Noise(width, height, seed);
        var pivot = new PointF(width * 0.45f, height * 0.4f);
        // Ordinary motion, the track's extremes, and motion far past the cover zoom so both kernels clamp at every edge.
        LivelinessFrame[] frames =
        [
            new(0, 0.7f, 0.004f, -0.003f, 1.004f),
            new(0, -LivelinessTrack.MaxRollDegrees, LivelinessTrack.MaxShift, -LivelinessTrack.MaxShift, 1 - LivelinessTrack.MaxScaleChange),
            new(0, 25f, 0.3f, -0.2f, 0.5f),
            new(0, -40f, -0.4f, 0.35f, 2.5f),
            .. Enumerable.Range(0, 20).Select(_ => new LivelinessFrame(0, (float)(random.NextDouble() * 6 - 3),
                (float)(random.NextDouble() * 0.1 - 0.05), (float)(random.NextDouble() * 0.1 - 0.05), (float)(0.9 + random.NextDouble() * 0.2))),
        ];
        foreach (var frame in frames)
        {
            var map = new RowMap(HeadMotion.Inverse(width, height, frame, pivot), width, height);
            var vector = new byte[source.Length];
            var scalar = new byte[source.Length];
            WarpRows.Apply(source, vector, map, 0, height, vectorised: true);
            WarpRows.Apply(source, scalar, map, 0, height, vectorised: false);
            Assert.Equal(scalar, vector);
        }
    }

    [Fact]
    public void ApplyTimingFor512Frames()
    {
        var source = Noise(Size, Size, 2);
        var destination = new byte[source.Length];
        var track = LivelinessTrack.Create(3, 250, 25, []);
        for (var round = 1; round <= 3; round++) // the first rounds include tiered JIT compilation
        {
            var clock = Stopwatch.StartNew();
            foreach (var f in track) HeadMotion.Apply(source, destination, Size, Size, f, Face);
            output.WriteLine($"HeadMotion.Apply 512x512, round {round}: {clock.Elapsed.TotalMilliseconds / track.Length:F2} ms a frame (250 frames)");
        }
        var scalar = Stopwatch.StartNew();
        foreach (var f in track)
            WarpRows.Apply(source, destination, new RowMap(HeadMotion.Inverse(Size, Size, f, Face), Size, Size), 0, Size, vectorised: false);
        output.WriteLine($"scalar kernel alone: {scalar.Elapsed.TotalMilliseconds / track.Length:F2} ms a frame");
        Assert.NotEqual(source, destination);
    }

    private static (double X, double Y) RedCentroid(byte[] rgb, int width, int height)
    {
        double sx = 0, sy = 0, total = 0;
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var i = (y * width + x) * 3;
            var redness = (rgb[i] - rgb[i + 1]) / 255.0; // white 0, pure red 1
            if (redness <= 0.05) continue;
            sx += redness * x;
            sy += redness * y;
            total += redness;
        }
        return (sx / total, sy / total);
    }

    private static byte[] White(int width, int height) => Enumerable.Repeat((byte)255, width * height * 3).ToArray();

    private static byte[] Noise(int width, int height, int seed)
    {
        var bytes = new byte[width * height * 3];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
