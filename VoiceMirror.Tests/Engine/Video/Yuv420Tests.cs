using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using VoiceMirror.Engine.Video;
using VoiceMirror.Tests.Engine.Pipeline;
using VoiceMirror.Tests.Engine.Vision;
using Xunit.Abstractions;

namespace VoiceMirror.Tests.Engine.Video;

public sealed class Yuv420Tests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = MediaProbe.NewTempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    // What ffmpeg's scaler makes of these untagged RGB colours (BT.601, limited range).
    [InlineData(255, 255, 255, 235, 128, 128)]
    [InlineData(0, 0, 0, 16, 128, 128)]
    [InlineData(255, 0, 0, 81, 90, 240)]
    [InlineData(0, 255, 0, 145, 54, 34)]
    [InlineData(0, 0, 255, 41, 240, 110)]
    [InlineData(128, 128, 128, 126, 128, 128)]
    public void PlainColoursGetFfmpegsBt601LimitedRangeValues(byte r, byte g, byte b, byte y, byte u, byte v)
    {
        var rgb = Enumerable.Range(0, 4 * 2 * 3).Select(i => (i % 3) switch { 0 => r, 1 => g, _ => b }).ToArray();
        var yuv = new byte[Yuv420.FrameBytes(4, 2)];

        Yuv420.FromRgb24(rgb, 4, 2, yuv);

        Assert.All(yuv[..8], value => Assert.Equal(y, value));
        Assert.All(yuv[8..10], value => Assert.Equal(u, value));
        Assert.All(yuv[10..12], value => Assert.Equal(v, value));
    }

    [Fact]
    public void APhotoConvertsAsFfmpegWouldConvertIt()
    {
        const int width = 256, height = 192;
        using var photo = VisionData.LoadImage("astronaut.png");
        photo.Mutate(p => p.Resize(width, height));
        var rgb = new byte[width * height * 3];
        photo.CopyPixelDataTo(rgb);
        var rgbPath = Path.Combine(_dir, "frame.rgb");
        var yuvPath = Path.Combine(_dir, "frame.yuv");
        File.WriteAllBytes(rgbPath, rgb);
        PipelineFixture.Ffmpeg("-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{width}x{height}", "-i", rgbPath,
            "-f", "rawvideo", "-pix_fmt", "yuv420p", yuvPath);
        var expected = File.ReadAllBytes(yuvPath);
        var actual = new byte[Yuv420.FrameBytes(width, height)];

        Yuv420.FromRgb24(rgb, width, height, actual);

        Assert.Equal(expected.Length, actual.Length);
        var luma = width * height;
        // Luma is the same matrix, to rounding; chroma differs only in how the scaler filters the 2x2 blocks.
        Assert.True(MaxDifference(expected.AsSpan(0, luma), actual.AsSpan(0, luma)) <= 1, "luma within one level");
        Assert.True(MeanDifference(expected.AsSpan(luma), actual.AsSpan(luma)) < 1.5, "chroma within 1.5 levels on average");
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(6, 4)]      // narrower than one AVX2 block: the plain loop alone
    [InlineData(8, 2)]      // one block per row, nothing left over
    [InlineData(18, 6)]     // two blocks and a pair left over
    [InlineData(30, 10)]
    [InlineData(512, 512)]
    public void VectorisedBlocksWriteThePlainLoopsBytes(int width, int height)
    {
        var rgb = new byte[width * height * 3]; // exact length: the blocks must not read past the last pixel
        new Random(width * 31 + height).NextBytes(rgb);
        // Saturated corners too, where a lane that overflowed or rounded differently would show.
        rgb.AsSpan(0, Math.Min(rgb.Length, 48)).Fill(255);
        rgb.AsSpan(rgb.Length - Math.Min(rgb.Length, 48)).Clear();
        var (plain, vector) = (new byte[Yuv420.FrameBytes(width, height)], new byte[Yuv420.FrameBytes(width, height)]);

        Yuv420.FromRgb24(rgb, width, height, plain, vectorised: false);
        Yuv420.FromRgb24(rgb, width, height, vector, vectorised: true);

        Assert.Equal(plain, vector);
    }

    [Fact]
    public void ConversionTimingFor512Frames()
    {
        var rgb = new byte[512 * 512 * 3];
        new Random(4).NextBytes(rgb);
        var yuv = new byte[Yuv420.FrameBytes(512, 512)];
        for (var round = 1; round <= 3; round++) // the first rounds include tiered JIT compilation
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < 250; i++) Yuv420.FromRgb24(rgb, 512, 512, yuv);
            output.WriteLine($"Yuv420.FromRgb24 512x512, round {round}: {clock.Elapsed.TotalMilliseconds / 250:F2} ms a frame");
        }
        var plain = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 250; i++) Yuv420.FromRgb24(rgb, 512, 512, yuv, vectorised: false);
        output.WriteLine($"plain loop alone: {plain.Elapsed.TotalMilliseconds / 250:F2} ms a frame");
        Assert.NotEqual(0, yuv.Max());
    }

    [Fact]
    public void OddSizesAreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Yuv420.FromRgb24(new byte[9], 3, 1, new byte[9]));

    private static int MaxDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var max = 0;
        for (var i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }

    private static double MeanDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += Math.Abs(a[i] - b[i]);
        return sum / a.Length;
    }
}
