using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;

namespace VoiceMirror.Web.Components.Shared;

/// A small JPEG data URL of a picked photo, so the user sees it before uploading without a round trip
/// through the uploads folder. Only the preview: the upload itself is checked by AvatarPhotoProcessor.
public static class PhotoPreview
{
    public static string? DataUrl(byte[] bytes, int maxSide, int maxDimension)
    {
        try
        {
            var info = Image.Identify(bytes);
            if (info is null || info.Width > maxDimension || info.Height > maxDimension) return null;
            using var image = Image.Load(bytes);
            image.Mutate(x => x.AutoOrient().Resize(new ResizeOptions { Size = new Size(maxSide, maxSide), Mode = ResizeMode.Max }));
            using var jpeg = new MemoryStream();
            image.SaveAsJpeg(jpeg, new JpegEncoder { Quality = 80 });
            return "data:image/jpeg;base64," + Convert.ToBase64String(jpeg.ToArray());
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or ImageFormatException or NotSupportedException)
        {
            return null; // not a picture we can show; the upload will say why in words
        }
    }
}
