using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using VoiceMirror.Engine;
using VoiceMirror.Engine.Vision;
using VoiceMirror.Web.Errors;

namespace VoiceMirror.Web.Api;

/// An uploaded photo made safe to keep: upright, metadata-free JPEG bytes and the one face in it.
public sealed record ProcessedPhoto(byte[] Jpeg, FaceBox Face, int Width, int Height);

/// Checks and re-encodes an uploaded photo. The type comes from the bytes (not the file name or Content-Type),
/// and the size from the header before any pixel is decoded, so a tiny file declaring 30000x30000 never allocates.
public sealed class AvatarPhotoProcessor(IServiceProvider services, IOptions<UploadOptions> uploads, IOptions<EngineOptions> engine)
{
    public ProcessedPhoto Process(byte[] bytes)
    {
        var format = Image.DetectFormat(bytes);
        if (format is not (JpegFormat or PngFormat))
            throw new EngineException(EngineError.UnsupportedImage, $"Upload is {format?.Name ?? "not an image"}, not JPG/PNG.");

        var info = Identify(bytes);
        var max = uploads.Value.MaxImageDimension;
        if (info.Width > max || info.Height > max)
            throw ApiProblemException.BadRequest("ImageDimensionsTooLarge", info.Width, info.Height, max);

        using var photo = PhotoLoader.Load(new MemoryStream(bytes, writable: false));
        // Resolved here, not in the constructor: a missing model becomes a 503 ProblemDetails, not an activation failure.
        var face = services.GetRequiredService<BlazeFaceDetector>().DetectSingle(photo, engine.Value.MinFaceSize);
        // The render looks for the face again in the photo fitted to the output frame: refuse now what it would refuse then.
        var fit = Math.Min((double)engine.Value.OutputWidth / photo.Width, (double)engine.Value.OutputHeight / photo.Height);
        if (face.Width * fit < engine.Value.MinFaceSize)
            throw new EngineException(EngineError.FaceTooSmall,
                $"Face is {face.Width}px wide, {face.Width * fit:F0}px in the {engine.Value.OutputWidth}x{engine.Value.OutputHeight} video; at least {engine.Value.MinFaceSize}px is needed.");

        photo.Metadata.ExifProfile = null;
        photo.Metadata.IptcProfile = null;
        photo.Metadata.XmpProfile = null;
        photo.Metadata.IccProfile = null;
        using var jpeg = new MemoryStream();
        photo.SaveAsJpeg(jpeg, new JpegEncoder { Quality = 92 });
        return new ProcessedPhoto(jpeg.ToArray(), face, photo.Width, photo.Height);
    }

    private static IImageInfo Identify(byte[] bytes)
    {
        try
        {
            return Image.Identify(bytes) ?? throw new EngineException(EngineError.CorruptImage, "Image header unreadable.");
        }
        catch (Exception ex) when (ex is ImageFormatException or InvalidImageContentException or NotSupportedException)
        {
            throw new EngineException(EngineError.CorruptImage, $"Image header unreadable: {ex.Message}", ex);
        }
    }
}
