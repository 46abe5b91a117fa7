using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Vision;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Tests.Engine.Vision;

public class PhotoLoaderTests
{
    [Fact]
    public void PngFileLoadsAsRgb24WithItsSize()
    {
        using var image = PhotoLoader.Load(VisionData.ImagePath("chelsea.png"));
        Assert.Equal((451, 300), (image.Width, image.Height));
    }

    [Fact]
    public void JpegWithExifOrientation6ComesBackRotatedWithSwappedDimensions()
    {
        using var source = new Image<Rgb24>(40, 20, new Rgb24(0, 0, 255));
        for (var y = 0; y < 20; y++)
            for (var x = 0; x < 10; x++)
                source[x, y] = new Rgb24(255, 0, 0); // red band on the stored left edge
        source.Metadata.ExifProfile = new ExifProfile();
        source.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        using var jpeg = new MemoryStream();
        source.SaveAsJpeg(jpeg);
        jpeg.Position = 0;

        using var loaded = PhotoLoader.Load(jpeg);

        Assert.Equal((20, 40), (loaded.Width, loaded.Height));
        // Orientation 6 = rotate 90° clockwise to view: the stored left edge becomes the top.
        Assert.True(loaded[10, 2].R > 200 && loaded[10, 2].B < 60);
        Assert.True(loaded[10, 37].B > 200 && loaded[10, 37].R < 60);
    }

    [Theory]
    [InlineData(PngColorType.Grayscale)]
    [InlineData(PngColorType.Palette)]
    [InlineData(PngColorType.RgbWithAlpha)]
    public void PngColourTypesAllBecomeRgb24(PngColorType colorType)
    {
        using var source = new Image<Rgba32>(16, 12, new Rgba32(120, 120, 120, 255));
        using var png = new MemoryStream();
        source.SaveAsPng(png, new PngEncoder { ColorType = colorType, BitDepth = PngBitDepth.Bit8 });
        png.Position = 0;

        using var loaded = PhotoLoader.Load(png);

        Assert.Equal((16, 12), (loaded.Width, loaded.Height));
        Assert.InRange(loaded[5, 5].R, 115, 125);
        Assert.Equal(loaded[5, 5].R, loaded[5, 5].B);
    }

    [Fact]
    public void BytesOfNoKnownImageFormatAreUnsupportedImage()
    {
        var e = Assert.Throws<EngineException>(() => PhotoLoader.Load(new MemoryStream("not an image at all"u8.ToArray())));
        Assert.Equal(EngineError.UnsupportedImage, e.Error);
    }

    [Fact]
    public void TruncatedPngIsCorruptImage()
    {
        var bytes = File.ReadAllBytes(VisionData.ImagePath("coffee.png"))[..2000];
        var e = Assert.Throws<EngineException>(() => PhotoLoader.Load(new MemoryStream(bytes)));
        Assert.Equal(EngineError.CorruptImage, e.Error);
    }

    [Fact]
    public void GifAndBmpAreUnsupportedImage()
    {
        using var source = new Image<Rgb24>(8, 8);
        foreach (var save in new Action<Stream>[] { s => source.SaveAsGif(s), s => source.SaveAsBmp(s) })
        {
            using var stream = new MemoryStream();
            save(stream);
            stream.Position = 0;
            var e = Assert.Throws<EngineException>(() => PhotoLoader.Load(stream));
            Assert.Equal(EngineError.UnsupportedImage, e.Error);
        }
    }

    [Fact]
    public void MissingFileIsCorruptImage()
    {
        var e = Assert.Throws<EngineException>(() => PhotoLoader.Load(Path.Combine(Path.GetTempPath(), "no-such-photo.png")));
        Assert.Equal(EngineError.CorruptImage, e.Error);
    }

    [Fact]
    public void FitToFrameKeepsAspectAndCentresWithEdgePadding()
    {
        // 100x50: left half red, right half blue → into 300x100 it becomes 200x100 at x 50..249.
        using var photo = new Image<Rgb24>(100, 50);
        for (var y = 0; y < 50; y++)
            for (var x = 0; x < 100; x++)
                photo[x, y] = x < 50 ? new Rgb24(255, 0, 0) : new Rgb24(0, 0, 255);

        using var frame = PhotoLoader.FitToFrame(photo, 300, 100);

        Assert.Equal((300, 100), (frame.Width, frame.Height));
        Assert.Equal((200, 100, 50, 0), PhotoLoader.FitRect(100, 50, 300, 100));
        Assert.Equal(new Rgb24(255, 0, 0), frame[60, 50]);
        Assert.Equal(new Rgb24(0, 0, 255), frame[240, 50]);
        Assert.Equal(new Rgb24(255, 0, 0), frame[5, 50]);   // left band repeats the left edge
        Assert.Equal(new Rgb24(0, 0, 255), frame[295, 50]); // right band repeats the right edge
        // Centred: the red/blue boundary sits at the frame's centre column.
        Assert.Equal(new Rgb24(255, 0, 0), frame[148, 50]);
        Assert.Equal(new Rgb24(0, 0, 255), frame[151, 50]);
    }

    [Fact]
    public void FitToFramePadsTopAndBottomForWidePhotoInSquareFrame()
    {
        using var photo = PhotoLoader.Load(VisionData.ImagePath("coffee.png")); // 600x400
        using var frame = PhotoLoader.FitToFrame(photo, 512, 512);
        Assert.Equal((512, 512), (frame.Width, frame.Height));
        var (w, h, ox, oy) = PhotoLoader.FitRect(600, 400, 512, 512);
        Assert.Equal((512, 341, 0, 85), (w, h, ox, oy));
        Assert.Equal(frame[300, oy], frame[300, 0]); // the band above repeats the top row
    }

    [Fact]
    public void LandmarksFitToFrameScaleAndShiftLikeThePhoto()
    {
        var values = new float[FaceLandmarks.Count * 3];
        (values[0], values[1], values[2]) = (100, 150, 10);
        (values[3], values[4], values[5]) = (400, 300, -5); // the photo's bottom-right corner

        // 400x300 into 512x512: scale 1.28, 512x384 centred with a band of 64 above.
        var mapped = PhotoLoader.FitToFrame(new FaceLandmarks(values), 400, 300, 512, 512);

        float[] expected = [128, 256, 12.8f, 512, 448, -6.4f];
        Assert.All(expected.Zip(mapped.Values), p => Assert.Equal(p.First, p.Second, 4));
    }
}
