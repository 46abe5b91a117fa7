using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using VoiceMirror.Engine.Vision.FaceMesh;

namespace VoiceMirror.Engine.Vision;

/// <summary>
/// An admitted photo: upright, at most the working size, with its one face and that face's mesh (in this image's
/// pixels; null when the mesh model is not installed).
/// </summary>
public sealed class AdmittedPhoto(Image<Rgb24> image, FaceBox face, FaceLandmarks? landmarks) : IDisposable
{
    public Image<Rgb24> Image { get; } = image;
    public FaceBox Face { get; } = face;
    public FaceLandmarks? Landmarks { get; } = landmarks;

    /// <summary>The photo as JPEG bytes without EXIF, IPTC, XMP or ICC metadata (orientation is already applied).</summary>
    public byte[] ToJpeg(int quality = 92)
    {
        Image.Metadata.ExifProfile = null;
        Image.Metadata.IptcProfile = null;
        Image.Metadata.XmpProfile = null;
        Image.Metadata.IccProfile = null;
        using var jpeg = new MemoryStream();
        Image.SaveAsJpeg(jpeg, new JpegEncoder { Quality = quality });
        return jpeg.ToArray();
    }

    public void Dispose() => Image.Dispose();
}

/// <summary>
/// The one check every photo passes, at upload and again at render: JPEG or PNG by its bytes, side and area limits
/// from the header, a bounded number of decodes at a time, and a face the render can use in the frame it will draw.
/// </summary>
public sealed class PhotoAdmission(EngineOptions options, Func<BlazeFaceDetector> detector, Func<FaceMeshModel>? mesh = null) : IDisposable
{
    // Each decode may hold MaxPhotoMegapixels × 3 bytes for a moment; the slots bound the sum.
    private readonly SemaphoreSlim _decodes = new(options.PhotoDecodeSlots, options.PhotoDecodeSlots);

    public PhotoLimits Limits { get; } = PhotoLimits.From(options);

    /// <summary>Seconds a refused upload is told to wait before it tries again.</summary>
    public int RetryAfterSeconds => Math.Max(1, options.PhotoQueueWaitSeconds);

    /// <summary>
    /// Admits an uploaded photo. Waits at most <see cref="EngineOptions.PhotoQueueWaitSeconds"/> for a decode slot.
    /// The face must be single and, once the photo is fitted to the output frame as the render fits it, at least
    /// <see cref="EngineOptions.MinFaceSize"/> wide: what the render would refuse is refused here.
    /// </summary>
    /// <exception cref="EngineException">UnsupportedImage, CorruptImage, ImageDimensionsTooLarge, ImageTooManyPixels,
    /// PhotoQueueFull, NoFace, MultipleFaces, FaceTooSmall, ModelMissing.</exception>
    public async Task<AdmittedPhoto> AdmitAsync(Stream photo, CancellationToken ct)
    {
        var image = await DecodeAsync(photo, ct).ConfigureAwait(false);
        try
        {
            var face = detector().DetectSingle(image, options.MinFaceSize);
            var inFrame = face.Width * PhotoLoader.FrameScale(image.Width, image.Height, options.OutputWidth, options.OutputHeight);
            if (inFrame < options.MinFaceSize)
                throw new EngineException(EngineError.FaceTooSmall,
                    $"Face is {face.Width}px wide, {inFrame:F0}px in the {options.OutputWidth}x{options.OutputHeight} video; at least {options.MinFaceSize}px is needed.");
            return new AdmittedPhoto(image, face, FindMesh(image, face));
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads a stored photo fitted to the output frame, with the photo's own size (to map what was found in it, such as
    /// its landmarks, into the frame); a render waits for a decode slot as long as it must.
    /// </summary>
    /// <exception cref="EngineException">CorruptImage, UnsupportedImage, ImageDimensionsTooLarge, ImageTooManyPixels.</exception>
    public async Task<(Image<Rgb24> Frame, Size PhotoSize)> LoadFrameAsync(string path, CancellationToken ct)
    {
        await using var stream = PhotoLoader.OpenRead(path);
        using var photo = await DecodeAsync(stream, Timeout.InfiniteTimeSpan, ct).ConfigureAwait(false);
        return (PhotoLoader.FitToFrame(photo, options.OutputWidth, options.OutputHeight), photo.Size());
    }

    /// <summary>Decodes a photo under the same limits and queue as <see cref="AdmitAsync"/>, without looking for a face (previews).</summary>
    /// <exception cref="EngineException">UnsupportedImage, CorruptImage, ImageDimensionsTooLarge, ImageTooManyPixels, PhotoQueueFull.</exception>
    public Task<Image<Rgb24>> DecodeAsync(Stream photo, CancellationToken ct) =>
        DecodeAsync(photo, TimeSpan.FromSeconds(options.PhotoQueueWaitSeconds), ct);

    private async Task<Image<Rgb24>> DecodeAsync(Stream stream, TimeSpan wait, CancellationToken ct)
    {
        if (!stream.CanSeek)
        {
            var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
            buffer.Position = 0;
            stream = buffer;
        }
        // The header check costs no pixels, so it runs before the queue: a bomb is refused even when every slot is busy.
        PhotoLoader.Inspect(stream, Limits);
        if (!await _decodes.WaitAsync(wait, ct).ConfigureAwait(false))
            throw new EngineException(EngineError.PhotoQueueFull,
                $"All {options.PhotoDecodeSlots} photo decode slots stayed busy for {wait.TotalSeconds:F0} s.") { Args = [RetryAfterSeconds] };
        try
        {
            return PhotoLoader.Load(stream, Limits);
        }
        finally
        {
            _decodes.Release();
        }
    }

    // Found once here and stored with the avatar, so renders reuse it; without the model the render finds it later.
    private FaceLandmarks? FindMesh(Image<Rgb24> image, FaceBox face)
    {
        if (mesh is null) return null;
        try { return mesh().Detect(image, face); }
        catch (EngineException e) when (e.Error == EngineError.ModelMissing) { return null; }
    }

    public void Dispose() => _decodes.Dispose();
}
