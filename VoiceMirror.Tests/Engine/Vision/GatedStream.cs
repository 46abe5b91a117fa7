using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace VoiceMirror.Tests.Engine.Vision;

/// A JPEG whose scan data (which reading the header never reaches) is held back until the test opens it: a decode
/// of it holds its PhotoAdmission slot for as long as the test wants.
internal sealed class GatedStream(byte[] bytes) : MemoryStream(bytes, writable: false)
{
    private const int HeaderBytes = 16 * 1024;

    public ManualResetEventSlim Blocked { get; } = new();
    public ManualResetEventSlim Open { get; } = new();

    // MemoryStream subclasses route span reads through this one.
    public override int Read(byte[] buffer, int offset, int count)
    {
        if (Position >= HeaderBytes)
        {
            Blocked.Set();
            Open.Wait();
        }
        return base.Read(buffer, offset, count);
    }

    /// 512x512 of noise: far larger than the header, so the gate sits inside the scan data.
    public static byte[] NoiseJpeg()
    {
        var random = new Random(7);
        using var image = new Image<Rgb24>(512, 512);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
                foreach (ref var p in rows.GetRowSpan(y)) p = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        });
        using var jpeg = new MemoryStream();
        image.SaveAsJpeg(jpeg);
        return jpeg.ToArray();
    }
}
