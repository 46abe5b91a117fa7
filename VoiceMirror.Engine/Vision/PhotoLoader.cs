using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Engine.Vision;

/// <summary>Size limits of a photo: each side, the area (bounds one decode's memory) and the working size kept after decoding.</summary>
public sealed record PhotoLimits(int MaxSide, long MaxPixels, int WorkingSide)
{
    /// <summary>The defaults of <see cref="EngineOptions"/>.</summary>
    public static PhotoLimits Default { get; } = From(new EngineOptions());

    public static PhotoLimits From(EngineOptions options) =>
        new(options.MaxPhotoSide, options.MaxPhotoMegapixels * 1_000_000L, options.PhotoWorkingSide);
}

/// <summary>Decodes user photos into upright RGB images and fits them into the video frame.</summary>
public static class PhotoLoader
{
    /// <summary>Loads a JPEG or PNG file, applies its EXIF orientation and converts it to Rgb24.</summary>
    /// <exception cref="EngineException">CorruptImage, UnsupportedImage, ImageDimensionsTooLarge, ImageTooManyPixels.</exception>
    public static Image<Rgb24> Load(string path, PhotoLimits? limits = null)
    {
        using var stream = OpenRead(path);
        return Load(stream, limits);
    }

    /// <summary>Opens a photo file; a missing one is CorruptImage, as a damaged one is.</summary>
    public static Stream OpenRead(string path) => File.Exists(path)
        ? File.OpenRead(path)
        : throw new EngineException(EngineError.CorruptImage, $"Photo file '{path}' does not exist.");

    /// <summary>
    /// Loads a JPEG or PNG stream, applies its EXIF orientation, converts it to Rgb24 and downscales it to at most
    /// <see cref="PhotoLimits.WorkingSide"/> per side. ImageSharp 2.1 cannot decode at a reduced size, so the full
    /// image exists for a moment: <see cref="Inspect"/> bounds it from the header first.
    /// </summary>
    /// <exception cref="EngineException">CorruptImage, UnsupportedImage, ImageDimensionsTooLarge, ImageTooManyPixels.</exception>
    public static Image<Rgb24> Load(Stream stream, PhotoLimits? limits = null)
    {
        limits ??= PhotoLimits.Default;
        stream = Seekable(stream);
        var start = stream.Position;
        var format = Inspect(stream, limits);
        try
        {
            var image = Image.Load<Rgb24>(stream);
            image.Mutate(x =>
            {
                x.AutoOrient();
                var scale = Math.Min(1.0, (double)limits.WorkingSide / Math.Max(image.Width, image.Height));
                if (scale < 1.0)
                    x.Resize(Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)), KnownResamplers.Triangle);
            });
            return image;
        }
        catch (ImageFormatException e)
        {
            throw new EngineException(EngineError.CorruptImage, $"The {format.Name} photo is damaged: {e.Message}", e);
        }
        catch (Exception e) when (e is EndOfStreamException or IndexOutOfRangeException or ArgumentException or NotSupportedException)
        {
            // Truncated or malformed files surface as these from some decoder paths.
            throw new EngineException(EngineError.CorruptImage, $"The {format.Name} photo is damaged: {e.Message}", e);
        }
        finally
        {
            stream.Position = start;
        }
    }

    /// <summary>
    /// Checks the format (from the bytes, not a name) and the size (from the header, before any pixel is decoded, so a
    /// tiny file declaring 30000x30000 never allocates); leaves the stream where it was.
    /// </summary>
    /// <exception cref="EngineException">CorruptImage, UnsupportedImage, ImageDimensionsTooLarge, ImageTooManyPixels.</exception>
    public static IImageFormat Inspect(Stream stream, PhotoLimits limits)
    {
        var start = stream.Position;
        try
        {
            var format = Image.DetectFormat(stream);
            stream.Position = start;
            if (format is null)
                throw new EngineException(EngineError.UnsupportedImage, "The photo is not a JPEG or PNG image (unknown header).");
            if (format is not JpegFormat && format is not PngFormat)
                throw new EngineException(EngineError.UnsupportedImage, $"{format.Name} photos are not supported; use JPEG or PNG.");
            var info = Image.Identify(stream)
                ?? throw new EngineException(EngineError.CorruptImage, "The photo header cannot be read.");
            if (info.Width > limits.MaxSide || info.Height > limits.MaxSide)
                throw new EngineException(EngineError.ImageDimensionsTooLarge,
                    $"The photo is {info.Width}x{info.Height}; at most {limits.MaxSide} pixels per side are supported.")
                { Args = [info.Width, info.Height, limits.MaxSide] };
            if ((long)info.Width * info.Height > limits.MaxPixels)
                throw new EngineException(EngineError.ImageTooManyPixels,
                    $"The photo is {info.Width}x{info.Height}; at most {limits.MaxPixels / 1_000_000} megapixels are supported.")
                { Args = [info.Width, info.Height, limits.MaxPixels / 1_000_000] };
            return format;
        }
        catch (Exception e) when (e is ImageFormatException or InvalidImageContentException or NotSupportedException or EndOfStreamException)
        {
            throw new EngineException(EngineError.CorruptImage, $"The photo header cannot be read: {e.Message}", e);
        }
        finally
        {
            stream.Position = start;
        }
    }

    // Format detection reads the header and rewinds, so streams that cannot seek (uploads) are buffered.
    private static Stream Seekable(Stream stream)
    {
        if (stream.CanSeek) return stream;
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        return buffer;
    }

    /// <summary>
    /// Returns a new <paramref name="width"/> x <paramref name="height"/> image holding the photo scaled to
    /// fit (aspect kept) and centred; the bands left over repeat the photo's edge pixels so no hard
    /// black bars appear next to the face.
    /// </summary>
    public static Image<Rgb24> FitToFrame(Image<Rgb24> photo, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);

        var (fitW, fitH, offX, offY) = FitRect(photo.Width, photo.Height, width, height);
        using var fitted = photo.Clone(x => x.Resize(fitW, fitH, KnownResamplers.Triangle));
        var frame = new Image<Rgb24>(width, height);
        fitted.ProcessPixelRows(frame, (src, dst) =>
        {
            for (var y = 0; y < height; y++)
            {
                var srcRow = src.GetRowSpan(Math.Clamp(y - offY, 0, fitH - 1));
                var dstRow = dst.GetRowSpan(y);
                dstRow[..offX].Fill(srcRow[0]);
                srcRow.CopyTo(dstRow[offX..]);
                dstRow[(offX + fitW)..].Fill(srcRow[fitW - 1]);
            }
        });
        return frame;
    }

    /// <summary>
    /// Maps landmarks found on a <paramref name="photoWidth"/> x <paramref name="photoHeight"/> photo into the frame that
    /// <see cref="FitToFrame(Image{Rgb24}, int, int)"/> makes of it, so landmarks computed once on the upload serve
    /// every render size: x' = x * fitW / w + offX, y' = y * fitH / h + offY, z scaled by the mean of the two factors.
    /// </summary>
    public static FaceLandmarks FitToFrame(FaceLandmarks landmarks, int photoWidth, int photoHeight, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(photoWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(photoHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);

        var (fitW, fitH, offX, offY) = FitRect(photoWidth, photoHeight, width, height);
        // The resize maps pixel edges to pixel edges, so continuous coordinates scale by the exact size ratio.
        var (sx, sy) = ((float)fitW / photoWidth, (float)fitH / photoHeight);
        var src = landmarks.Values;
        var values = new float[src.Length];
        for (var i = 0; i < src.Length; i += 3)
        {
            values[i] = src[i] * sx + offX;
            values[i + 1] = src[i + 1] * sy + offY;
            values[i + 2] = src[i + 2] * (sx + sy) / 2;
        }
        return new FaceLandmarks(values);
    }

    /// <summary>Size and offset of a w x h picture scaled by min(W/w, H/h) and centred in W x H.</summary>
    internal static (int Width, int Height, int OffsetX, int OffsetY) FitRect(int w, int h, int frameW, int frameH)
    {
        var scale = FrameScale(w, h, frameW, frameH);
        var fitW = Math.Clamp((int)Math.Round(w * scale), 1, frameW);
        var fitH = Math.Clamp((int)Math.Round(h * scale), 1, frameH);
        return (fitW, fitH, (frameW - fitW) / 2, (frameH - fitH) / 2);
    }

    /// <summary>The factor <see cref="FitToFrame"/> scales a w x h photo by: min(W/w, H/h).</summary>
    internal static double FrameScale(int w, int h, int frameW, int frameH) => Math.Min((double)frameW / w, (double)frameH / h);
}
