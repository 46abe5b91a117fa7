using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Engine.Vision;

/// <summary>Decodes user photos into upright RGB images and fits them into the video frame.</summary>
public static class PhotoLoader
{
    // Larger photos are refused before decoding: a 16k x 16k RGBA image would already need 1 GiB.
    private const int MaxSide = 12_000;

    /// <summary>Loads a JPEG or PNG file, applies its EXIF orientation and converts it to Rgb24.</summary>
    /// <exception cref="EngineException">CorruptImage, UnsupportedImage.</exception>
    public static Image<Rgb24> Load(string path)
    {
        if (!File.Exists(path))
            throw new EngineException(EngineError.CorruptImage, $"Photo file '{path}' does not exist.");
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Loads a JPEG or PNG stream, applies its EXIF orientation and converts it to Rgb24.</summary>
    /// <exception cref="EngineException">CorruptImage, UnsupportedImage.</exception>
    public static Image<Rgb24> Load(Stream stream)
    {
        if (!stream.CanSeek)
        {
            // Format detection reads the header and rewinds, so buffer streams that cannot seek (uploads).
            var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            buffer.Position = 0;
            stream = buffer;
        }

        var start = stream.Position;
        IImageFormat? format;
        try
        {
            format = Image.DetectFormat(stream);
        }
        finally
        {
            stream.Position = start;
        }

        if (format is null)
            throw new EngineException(EngineError.CorruptImage, "The photo is not a readable image (unknown or damaged header).");
        if (format is not JpegFormat && format is not PngFormat)
            throw new EngineException(EngineError.UnsupportedImage, $"{format.Name} photos are not supported; use JPEG or PNG.");

        try
        {
            var info = Image.Identify(stream);
            stream.Position = start;
            if (info is null)
                throw new EngineException(EngineError.CorruptImage, "The photo header cannot be read.");
            if (info.Width > MaxSide || info.Height > MaxSide)
                throw new EngineException(EngineError.UnsupportedImage,
                    $"The photo is {info.Width}x{info.Height}; at most {MaxSide} pixels per side are supported.");

            var image = Image.Load<Rgb24>(stream);
            image.Mutate(x => x.AutoOrient());
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
        var scale = Math.Min((double)frameW / w, (double)frameH / h);
        var fitW = Math.Clamp((int)Math.Round(w * scale), 1, frameW);
        var fitH = Math.Clamp((int)Math.Round(h * scale), 1, frameH);
        return (fitW, fitH, (frameW - fitW) / 2, (frameH - fitH) / 2);
    }
}
